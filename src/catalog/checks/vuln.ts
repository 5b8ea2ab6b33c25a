import type { Check } from '../../model/index.js';

/**
 * Known vulnerabilities in an image's packages. The catalogue severity is the default only: each
 * finding carries the vendor's rating for the package (or the CVSS score's band), see
 * src/analyzers/vuln/severity.ts.
 */
export const vulnChecks: Check[] = [
  {
    id: 'image.vuln',
    severity: 'high',
    target: 'image',
    title: { en: 'Package with a known vulnerability', zh: '软件包存在已知漏洞' },
    description: {
      en: 'A package in the image (an OS package from dpkg, apk or rpm, or a language package such as an npm module, Python distribution, JAR, Go module, gem, crate, Composer or NuGet package) is affected by a published vulnerability. OS packages are judged by the distribution\'s own security data for the exact release, so backported fixes count and the vendor\'s "not affected" verdicts are respected; language packages are judged by their ecosystem\'s advisories, matched by ecosystem and name, never by CPE guesses. Language files installed by an OS package are left to the vendor\'s verdict on that package. The finding says whether a fix exists, in which version, and whether the vendor will not fix it; CISA KEV and EPSS data are shown when known. A release the database has no data for is reported as unchecked, not as clean.',
      zh: '镜像中的某个软件包（dpkg、apk 或 rpm 安装的系统软件包，或 npm 模块、Python 包、JAR、Go 模块、gem、crate、Composer、NuGet 等语言包）受已公开漏洞影响。系统软件包依据发行版针对该具体版本发布的安全数据判定，因此会计入向后移植的修复，并遵从厂商“不受影响”的结论；语言包依据其生态的安全公告，按生态和包名匹配，从不依据 CPE 猜测。由系统软件包安装的语言文件以厂商对该系统包的结论为准。发现项会说明是否已有修复、修复版本，以及厂商是否决定不修复；已知时还会给出 CISA KEV 和 EPSS 信息。数据库中没有数据的发行版本会被报告为“未检查”，而不是“无漏洞”。',
    },
    remediation: {
      en: 'Rebuild the image on an updated base (`apt-get upgrade`, `apk upgrade`, `dnf update` in the build, or a newer base tag pinned by digest) and bump the language dependency to the fixed version shown. When no fix exists, remove the package if the image does not need it, or record a time-limited waiver — or a VEX `not_affected` statement with its justification — after checking that the vulnerable code is not reachable.',
      zh: '基于已更新的基础镜像重新构建（在构建中执行 `apt-get upgrade`、`apk upgrade`、`dnf update`，或改用按摘要固定的更新基础镜像标签），并将语言依赖升级到发现项给出的修复版本。若尚无修复：镜像不需要该软件包时将其移除；否则在确认漏洞代码不可达后，登记有期限的豁免，或提供附带理由的 VEX `not_affected` 声明。',
    },
    references: ['https://ossf.github.io/osv-schema/', 'https://www.cisa.gov/known-exploited-vulnerabilities-catalog', 'https://openvex.dev/'],
  },
];
