import type { Check } from '../../model/index.js';

/**
 * Container image checks: secrets in layers and configuration, and the image-build items of the
 * CIS Docker Benchmark (section 4) with common hardening. The logic lives in src/analyzers/image
 * and src/analyzers/secrets; the controls each check evidences are in ../frameworks.
 */

const CIS_DOCKER = 'https://www.cisecurity.org/benchmark/docker';
const DOCKERFILE_PRACTICES = 'https://docs.docker.com/build/building/best-practices/';
const BUILD_SECRETS = 'https://docs.docker.com/build/building/secrets/';

export const imageChecks: Check[] = [
  {
    id: 'image.secret',
    severity: 'high',
    target: 'image',
    title: { en: 'Secret in an image layer', zh: '镜像层中存在密钥' },
    description: {
      en: 'A file in one of the image\'s layers holds a credential: a cloud access key (AWS, Google Cloud, Azure, Alibaba Cloud, Tencent Cloud, Huawei Cloud, Baidu AI Cloud), a source-control or package-registry token, a private key, a registry login, a database URL with its password, or a hard-coded password. Every layer is searched, not only the final file tree: a file deleted or overwritten by a later layer is still inside the earlier layer\'s blob, and anyone who can pull the image can extract it with `tar`. The finding says when that is the case. Severity follows the kind of secret; an access key found together with its secret in one file is critical. Binary files, files over the size limit, package documentation and the test fixtures of third-party packages are not searched.',
      zh: '镜像某一层中的文件包含凭据：云厂商访问密钥（AWS、Google Cloud、Azure、阿里云、腾讯云、华为云、百度智能云）、代码托管或软件包仓库令牌、私钥、镜像仓库登录凭据、带密码的数据库连接 URL，或硬编码的口令。扫描覆盖每一层，而不只是最终的文件树：被后续层删除或覆盖的文件仍然保存在之前那一层的数据块中，任何能拉取该镜像的人都可以用 `tar` 把它取出来，发现中会注明这种情况。严重程度取决于密钥类型；访问密钥 ID 与其密钥出现在同一文件中时为严重（critical）。二进制文件、超过大小上限的文件、软件包文档以及第三方软件包自带的测试样例不在扫描范围内。',
    },
    remediation: {
      en: 'Treat the secret as leaked: revoke or rotate it first, since every copy of the image (registries, caches, nodes) still holds it. Then rebuild without it: deleting the file in a later `RUN` does not remove it from the image. Pass build-time credentials with BuildKit secret mounts (`RUN --mount=type=secret,id=npmrc`), use a multi-stage build so that only the artefacts reach the final stage, and give credentials to the running container from a Kubernetes Secret or an external secret store. Add a `.dockerignore` that keeps `.env`, keys and credential files out of the build context. For documented test keys, list their SHA-256 in the secret allow-list instead of waiving the whole check.',
      zh: '应视为密钥已经泄露：首先吊销或轮换该密钥，因为镜像的每一份副本（镜像仓库、缓存、节点）中都仍保存着它。然后在不含该密钥的情况下重新构建：在后续 `RUN` 中删除文件并不能把它从镜像里去掉。构建时需要的凭据应通过 BuildKit 的 secret 挂载传入（`RUN --mount=type=secret,id=npmrc`），并使用多阶段构建，只把构建产物带入最终阶段；运行时的凭据由 Kubernetes Secret 或外部密钥管理系统提供。添加 `.dockerignore`，把 `.env`、密钥和凭据文件排除在构建上下文之外。对于公开的测试用密钥，应把其 SHA-256 列入密钥白名单，而不是豁免整个检查。',
    },
    references: [BUILD_SECRETS, 'https://docs.docker.com/build/building/multi-stage/', CIS_DOCKER],
  },
  {
    id: 'image.secret-in-config',
    severity: 'high',
    target: 'image',
    title: { en: 'Secret in the image configuration or build history', zh: '镜像配置或构建历史中存在密钥' },
    description: {
      en: 'An `ENV` or `LABEL` of the image, or a line of its build history, holds a credential. These are not files: `docker inspect` and `docker history` show them to anyone who can pull the image, without unpacking a layer, and every container started from the image gets the `ENV` values in its environment. Build arguments end up here too: each `RUN` step records the `ARG` values it saw (`|1 NPM_TOKEN=… /bin/sh -c npm ci`). Values are matched against the same rules as files, and variables whose names say they hold a credential (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `*_API_KEY`…) are reported when they carry a literal value rather than a file path or a switch.',
      zh: '镜像的 `ENV`、`LABEL` 或构建历史中的某一行包含凭据。这些内容不是文件：任何能拉取镜像的人无需解开镜像层，用 `docker inspect` 和 `docker history` 就能看到；由该镜像启动的每个容器也都会在环境变量中拿到这些 `ENV` 值。构建参数同样会出现在这里：每个 `RUN` 步骤都会记录它所见到的 `ARG` 值（`|1 NPM_TOKEN=… /bin/sh -c npm ci`）。取值按照与文件相同的规则进行匹配；名称表明其保存凭据的变量（`*_PASSWORD`、`*_TOKEN`、`*_SECRET`、`*_API_KEY` 等）若写的是明文取值，而不是文件路径或开关值，也会被报告。',
    },
    remediation: {
      en: 'Rotate the credential, then remove it from the Dockerfile: do not pass secrets with `ARG` or `ENV`. Use BuildKit secret mounts for what the build needs (`docker build --secret id=token,env=NPM_TOKEN` with `RUN --mount=type=secret,id=token`), and inject runtime credentials from a Kubernetes Secret mounted as a file. Where an image needs a default, point the variable at a file (`DB_PASSWORD_FILE=/run/secrets/db`) instead of holding the value.',
      zh: '先轮换该凭据，再把它从 Dockerfile 中移除：不要用 `ARG` 或 `ENV` 传递密钥。构建所需的凭据使用 BuildKit 的 secret 挂载（`docker build --secret id=token,env=NPM_TOKEN` 配合 `RUN --mount=type=secret,id=token`）；运行时凭据通过以文件方式挂载的 Kubernetes Secret 注入。若镜像需要默认配置，应让变量指向文件（`DB_PASSWORD_FILE=/run/secrets/db`），而不是直接保存取值。',
    },
    references: [BUILD_SECRETS, 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'],
  },
  {
    id: 'image.user-root',
    severity: 'medium',
    target: 'image',
    title: { en: 'Image runs as root', zh: '镜像以 root 用户运行' },
    description: {
      en: 'The image configuration sets no `USER`, or sets `root` or uid 0, so its processes run as root unless the pod overrides it. Root in a container is root on the host kernel\'s terms: with a kernel or runtime flaw, a writable host mount or an added capability, it is the shortest way out of the container, and inside it root can rewrite any file of the image. CIS Docker Benchmark 4.1. A `runAsUser` or `runAsNonRoot` in the pod spec can fix this at deploy time, but an image that cannot run as another user breaks when it does.',
      zh: '镜像配置未设置 `USER`，或设为 `root`、uid 0，因此除非 Pod 另行指定，其进程都以 root 身份运行。容器内的 root 在宿主机内核看来就是 root：一旦存在内核或容器运行时漏洞、可写的宿主机挂载或额外授予的 capability，它就是逃逸出容器最短的路径；在容器内部，root 也可以改写镜像中的任何文件。对应 CIS Docker 基准 4.1。在 Pod 规约中设置 `runAsUser` 或 `runAsNonRoot` 可以在部署时纠正，但如果镜像本身无法以其他用户运行，这样做会导致其启动失败。',
    },
    remediation: {
      en: 'Create an unprivileged user in the Dockerfile and switch to it: `RUN useradd --uid 10001 --no-create-home app` (or `adduser -D -u 10001 app` on Alpine), make only the directories the application writes owned by it, and end with `USER 10001`. A numeric uid lets Kubernetes verify `runAsNonRoot`. Distroless and Chainguard images offer ready `nonroot` variants.',
      zh: '在 Dockerfile 中创建非特权用户并切换过去：`RUN useradd --uid 10001 --no-create-home app`（Alpine 上为 `adduser -D -u 10001 app`），只把应用需要写入的目录交给该用户，最后写 `USER 10001`。使用数字 uid 便于 Kubernetes 校验 `runAsNonRoot`。Distroless 和 Chainguard 镜像提供了现成的 `nonroot` 版本。',
    },
    references: [CIS_DOCKER, 'https://docs.docker.com/reference/dockerfile/#user'],
  },
  {
    id: 'image.healthcheck-missing',
    severity: 'low',
    target: 'image',
    title: { en: 'Image has no health check', zh: '镜像未定义健康检查' },
    description: {
      en: 'The image defines no `HEALTHCHECK`, or disables it with `HEALTHCHECK NONE`. Docker and Swarm then only know whether the process exists, not whether it works, and will not restart a hung service. CIS Docker Benchmark 4.6. Kubernetes ignores `HEALTHCHECK` and uses the pod\'s liveness and readiness probes instead, so for images that only run on Kubernetes this finding can be waived once the probes are defined.',
      zh: '镜像未定义 `HEALTHCHECK`，或用 `HEALTHCHECK NONE` 将其关闭。此时 Docker 和 Swarm 只知道进程是否存在，而不知道服务是否正常，服务卡死时也不会被重启。对应 CIS Docker 基准 4.6。Kubernetes 会忽略 `HEALTHCHECK`，改用 Pod 的存活探针与就绪探针；对于只在 Kubernetes 上运行的镜像，在定义好探针后可以豁免此发现。',
    },
    remediation: {
      en: 'Add a `HEALTHCHECK` that exercises the service cheaply, for example `HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://127.0.0.1:8080/healthz || exit 1`, using a tool the image already contains. For Kubernetes deployments define `livenessProbe` and `readinessProbe` against the same endpoint.',
      zh: '添加一个开销很小、能真实检验服务的 `HEALTHCHECK`，例如 `HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://127.0.0.1:8080/healthz || exit 1`，使用镜像中已有的工具。在 Kubernetes 中部署时，针对同一个端点定义 `livenessProbe` 和 `readinessProbe`。',
    },
    references: [CIS_DOCKER, 'https://docs.docker.com/reference/dockerfile/#healthcheck'],
  },
  {
    id: 'image.update-alone',
    severity: 'low',
    target: 'image',
    title: { en: 'Package index updated in a step of its own', zh: '软件包索引更新单独成为一个构建步骤' },
    description: {
      en: 'A `RUN` step refreshes the package index (`apt-get update`, `apk update`, `yum makecache`) or runs `yum update` without installing packages in the same step. The build cache keeps that layer, so later builds reuse the old index and install outdated packages, or fail when the mirror has moved on, and the image silently stops picking up security fixes. CIS Docker Benchmark 4.7. The check reads the image\'s build history, which records each `RUN` command.',
      zh: '某个 `RUN` 步骤只刷新了软件包索引（`apt-get update`、`apk update`、`yum makecache`）或执行了 `yum update`，却没有在同一步骤中安装软件包。构建缓存会保留这一层，之后的构建会沿用旧索引，从而安装过时的软件包，或因镜像源已更新而失败，镜像也就在不知不觉中不再获得安全修复。对应 CIS Docker 基准 4.7。本检查读取镜像构建历史，其中记录了每条 `RUN` 命令。',
    },
    remediation: {
      en: 'Update and install in one `RUN`, and clean up in the same step: `RUN apt-get update && apt-get install -y --no-install-recommends pkg=1.2.3 && rm -rf /var/lib/apt/lists/*`. On Alpine use `apk add --no-cache pkg`. Rebuild with `--no-cache` (or `--pull`) on a schedule so that fixes are picked up.',
      zh: '在同一个 `RUN` 中完成更新与安装，并在同一步骤中清理：`RUN apt-get update && apt-get install -y --no-install-recommends pkg=1.2.3 && rm -rf /var/lib/apt/lists/*`。Alpine 上使用 `apk add --no-cache pkg`。定期使用 `--no-cache`（或 `--pull`）重新构建，以便获得安全修复。',
    },
    references: [CIS_DOCKER, DOCKERFILE_PRACTICES],
  },
  {
    id: 'image.add-instruction',
    severity: 'medium',
    target: 'image',
    title: { en: 'ADD used instead of COPY', zh: '使用 ADD 而非 COPY' },
    description: {
      en: '`ADD` does more than copy: it downloads URLs and unpacks local tar archives automatically. A downloaded file is not verified unless `--checksum` is given, so whatever the server returns at build time goes into the image (medium); an archive is unpacked without any review of what it contains (low). Plain copies with `ADD` are reported as low so that the Dockerfile uses `COPY`, whose behaviour is predictable. CIS Docker Benchmark 4.9. The base image\'s own root filesystem, added into `/` as the first layer, is how base images are built and is not reported.',
      zh: '`ADD` 不只是复制：它会下载 URL，并自动解压本地 tar 归档。下载的文件除非指定了 `--checksum`，否则不会被校验，构建时服务器返回什么就会被放进镜像（中危）；归档则在未经任何审查的情况下被解开（低危）。用 `ADD` 做普通复制按低危报告，以促使 Dockerfile 改用行为可预期的 `COPY`。对应 CIS Docker 基准 4.9。基础镜像本身的根文件系统以第一层的形式 ADD 到 `/`，这是构建基础镜像的标准做法，不予报告。',
    },
    remediation: {
      en: 'Use `COPY` for local files. For remote content, download it in a `RUN` step and verify it, for example `RUN curl -fsSLo /tmp/tool.tgz https://… && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - && tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz`, or use `ADD --checksum=sha256:…`. Unpack archives explicitly so that what is extracted is visible in the Dockerfile.',
      zh: '本地文件使用 `COPY`。远程内容应在 `RUN` 步骤中下载并校验，例如 `RUN curl -fsSLo /tmp/tool.tgz https://… && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - && tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz`，或使用 `ADD --checksum=sha256:…`。归档应显式解压，使解出的内容在 Dockerfile 中一目了然。',
    },
    references: [CIS_DOCKER, 'https://docs.docker.com/reference/dockerfile/#add'],
  },
  {
    id: 'image.setuid-files',
    severity: 'medium',
    target: 'image',
    title: { en: 'setuid or setgid files in the image', zh: '镜像中存在 setuid 或 setgid 文件' },
    description: {
      en: 'Files with the setuid or setgid bit run with their owner\'s or group\'s privileges whoever starts them; a setuid-root program with a flaw lets any process in the container become root. CIS Docker Benchmark 4.8 asks for these bits to be removed. Programs the base distribution installs this way (su, mount, passwd, ping, PAM and D-Bus helpers) are listed together in one low-severity finding per image; every other setuid or setgid file is reported on its own as medium, since a setuid copy of a shell or an unknown binary is a classic backdoor. `allowPrivilegeEscalation: false` in the pod spec stops setuid from taking effect at run time.',
      zh: '设置了 setuid 或 setgid 位的文件，无论由谁启动，都会以其属主或属组的权限运行；一个有漏洞的 setuid root 程序就能让容器内任意进程变成 root。CIS Docker 基准 4.8 要求去除这些权限位。基础发行版以此方式安装的程序（su、mount、passwd、ping、PAM 和 D-Bus 辅助程序）在每个镜像中合并为一条低危发现列出；其他 setuid 或 setgid 文件则逐个作为中危报告，因为 setuid 的 shell 副本或来历不明的程序是典型的后门手法。在 Pod 规约中设置 `allowPrivilegeEscalation: false` 可以让 setuid 在运行时不生效。',
    },
    remediation: {
      en: 'Remove the bits in the Dockerfile after installing packages: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true`, or remove the programs the application does not need (su, mount, passwd are rarely needed in a service container). Find out where any unexpected setuid file came from before removing it. Set `allowPrivilegeEscalation: false` on the containers.',
      zh: '在 Dockerfile 中安装完软件包后去掉这些权限位：`RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true`，或者删除应用用不到的程序（服务类容器很少需要 su、mount、passwd）。对来历不明的 setuid 文件，先查清其来源再删除。在容器上设置 `allowPrivilegeEscalation: false`。',
    },
    references: [CIS_DOCKER, 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  },
  {
    id: 'image.world-writable',
    severity: 'medium',
    target: 'image',
    title: { en: 'World-writable files in system directories', zh: '系统目录中存在全局可写文件' },
    description: {
      en: 'Files or directories under `/etc`, `/usr`, `/bin`, `/sbin`, `/lib` or `/boot` that every user may write. Any process in the container, whatever user it runs as, can then replace a program or a library that root will run next, or change the system configuration, which turns a non-root foothold into root. This usually comes from an archive unpacked with its original permissions or a `chmod -R 777` in the Dockerfile. Symbolic links (always 0777) and directories with the sticky bit are not reported; the finding lists the first paths and how many there are.',
      zh: '`/etc`、`/usr`、`/bin`、`/sbin`、`/lib` 或 `/boot` 下有任何用户都可写的文件或目录。这样一来，容器内任何进程，无论以什么用户运行，都可以替换 root 接下来会执行的程序或库，或者修改系统配置，从而把非 root 的立足点变成 root 权限。这通常源于按原始权限解压的归档，或 Dockerfile 中的 `chmod -R 777`。符号链接（权限总是 0777）和设置了粘滞位的目录不予报告；发现中列出前若干个路径及总数。',
    },
    remediation: {
      en: 'Fix the permissions in the step that creates the files (`chmod -R go-w /opt/tool` or `tar --no-same-permissions`), and never `chmod 777` system paths; give the application its own writable directory owned by its user instead. Running with `readOnlyRootFilesystem: true` also stops writes at run time.',
      zh: '在创建这些文件的步骤中修正权限（`chmod -R go-w /opt/tool` 或 `tar --no-same-permissions`），不要对系统路径执行 `chmod 777`；应为应用提供由其用户所有的独立可写目录。以 `readOnlyRootFilesystem: true` 运行也能在运行时阻止写入。',
    },
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  },
  {
    id: 'image.sshd',
    severity: 'medium',
    target: 'image',
    title: { en: 'SSH server in the image', zh: '镜像中包含 SSH 服务' },
    description: {
      en: 'The image contains an SSH daemon (OpenSSH `sshd` or Dropbear) or declares port 22. An SSH server in a container is one more service to patch and one more set of credentials and host keys to manage, and it bypasses the audit trail of `kubectl exec`, which goes through the API server and its RBAC. It is a high-risk port under MLPS 8.1.4.4 b; CIS Docker Benchmark 5.7 asks not to run sshd in containers.',
      zh: '镜像中包含 SSH 守护进程（OpenSSH `sshd` 或 Dropbear），或声明开放了 22 端口。容器中的 SSH 服务意味着又多了一个需要打补丁的服务、又多了一套需要管理的凭据和主机密钥，而且它绕开了经由 API Server 和 RBAC 的 `kubectl exec` 审计记录。按等保 8.1.4.4 b，22 属于高危端口；CIS Docker 基准 5.7 要求不在容器中运行 sshd。',
    },
    remediation: {
      en: 'Remove the SSH server from the image (`apt-get purge openssh-server`, or do not install it) and the `EXPOSE 22`. Operators get a shell with `kubectl exec` or `kubectl debug`, controlled by RBAC and recorded in the API server audit log. Where SSH is the product itself (a bastion or SFTP service), waive the finding with the reason.',
      zh: '从镜像中移除 SSH 服务（`apt-get purge openssh-server`，或者根本不安装）以及 `EXPOSE 22`。运维人员通过 `kubectl exec` 或 `kubectl debug` 获取 shell，其访问受 RBAC 控制并记录在 API Server 审计日志中。若 SSH 本身就是该服务的功能（如堡垒机或 SFTP 服务），请附理由申请豁免。',
    },
    references: [CIS_DOCKER, 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/'],
  },
  {
    id: 'image.package-cache',
    severity: 'low',
    target: 'image',
    title: { en: 'Package-manager cache left in the image', zh: '镜像中残留软件包管理器缓存' },
    description: {
      en: 'The image keeps what package managers download and index: `.deb` files in `/var/cache/apt/archives`, APT lists in `/var/lib/apt/lists`, the YUM/DNF or APK cache, or the pip, npm, Yarn or Go build caches in home directories. They make the image larger, which slows pulls and node start-up, and the stale package lists let anyone in the container install software from them. They also contain packages that are not installed, which confuses scanners and auditors. Minimal installation is an MLPS 8.1.4.4 a requirement.',
      zh: '镜像中保留了软件包管理器下载和建立索引的内容：`/var/cache/apt/archives` 中的 `.deb` 文件、`/var/lib/apt/lists` 中的 APT 列表、YUM/DNF 或 APK 缓存，或者家目录中的 pip、npm、Yarn、Go 构建缓存。它们会增大镜像体积，拖慢拉取速度和节点启动；残留的软件包列表也让容器内的任何人都可以据此安装软件。这些缓存中还包含并未安装的软件包，会干扰扫描工具和审计人员的判断。最小安装是等保 8.1.4.4 a 的要求。',
    },
    remediation: {
      en: 'Clean in the same `RUN` that installs: `apt-get install … && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache …`, `dnf install … && dnf clean all && rm -rf /var/cache/dnf`, `pip install --no-cache-dir …`, `npm ci && npm cache clean --force`. Better, build in one stage and copy only the result into a minimal final stage. Cleaning in a later `RUN` does not shrink the image.',
      zh: '在执行安装的同一个 `RUN` 中清理：`apt-get install … && rm -rf /var/lib/apt/lists/*`、`apk add --no-cache …`、`dnf install … && dnf clean all && rm -rf /var/cache/dnf`、`pip install --no-cache-dir …`、`npm ci && npm cache clean --force`。更好的做法是多阶段构建，只把构建结果复制到精简的最终阶段。在之后的 `RUN` 中再清理并不能减小镜像体积。',
    },
    references: [DOCKERFILE_PRACTICES, 'https://docs.docker.com/build/building/multi-stage/'],
  },
  {
    id: 'image.too-old',
    severity: 'medium',
    target: 'image',
    title: { en: 'Image not rebuilt for a long time', zh: '镜像长期未重新构建' },
    description: {
      en: 'The image was built longer ago than the configured limit (365 days by default), according to the `created` date in its configuration. Images do not patch themselves: an old image carries every vulnerability fixed in its base image and packages since it was built, even those a scanner does not know about yet. CIS Docker Benchmark 4.4 asks for images to be rebuilt to include security patches. Images built reproducibly stamp 1970-01-01 (or no date); for them the age cannot be judged and the finding is marked not evaluated.',
      zh: '根据镜像配置中的 `created` 日期，该镜像的构建时间早于所设置的期限（默认 365 天）。镜像不会自己打补丁：一个旧镜像带着自构建以来其基础镜像和软件包中修复的所有漏洞，包括扫描工具尚不知道的那些。CIS Docker 基准 4.4 要求定期重新构建镜像以纳入安全补丁。以可复现方式构建的镜像会写入 1970-01-01（或不写日期），此时无法判断镜像年龄，发现会标记为未评估。',
    },
    remediation: {
      en: 'Rebuild the image on a schedule (for example weekly) with `--pull` so that the latest base image is used, run the tests, and redeploy; automate base-image updates with Renovate or Dependabot. Retire images that are no longer maintained. Change the limit with the image-age option if your policy differs.',
      zh: '定期（例如每周）使用 `--pull` 重新构建镜像，以使用最新的基础镜像，运行测试后重新部署；用 Renovate 或 Dependabot 自动更新基础镜像。不再维护的镜像应当下线。如果贵单位的策略不同，可通过镜像年龄选项调整期限。',
    },
    references: [CIS_DOCKER],
  },
  {
    id: 'image.latest-tag',
    severity: 'low',
    target: 'image',
    title: { en: 'Image referenced by a moving tag', zh: '镜像通过可变标签引用' },
    description: {
      en: 'The image was named with the `latest` tag, or with neither a tag nor a digest (which means `latest`). Such a name points at whatever was pushed last: the image scanned today is not necessarily the one that runs tomorrow, a rollback has nothing stable to return to, and a compromised push reaches every deployment that uses the name. For an image archive, the tags recorded in the archive are judged.',
      zh: '镜像以 `latest` 标签命名，或者既没有标签也没有摘要（等同于 `latest`）。这样的名称指向最近一次推送的内容：今天扫描的镜像不一定是明天运行的镜像，回滚时没有稳定的版本可退，一次被篡改的推送也会波及所有使用该名称的部署。对于镜像归档文件，按归档中记录的标签判断。',
    },
    remediation: {
      en: 'Tag every build with an immutable version (a release number or the commit id), deploy by digest (`registry.example.com/team/app@sha256:…`), and turn on tag immutability in the registry. Scan and admit images by the same digest.',
      zh: '为每次构建打上不可变的版本标签（版本号或提交 ID），部署时使用摘要引用（`registry.example.com/team/app@sha256:…`），并在镜像仓库中开启标签不可变。扫描和准入都以同一个摘要为准。',
    },
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  },
];
