import type { Localized } from '../../model/index.js';
import type { ContainerPortView } from './model.js';
import type { Protocol } from './ports.js';

/**
 * Well-known ports of data stores, caches and message brokers, and of administration interfaces:
 * services that should be reachable only from the workloads that need them. A container port is
 * sensitive when its number is listed for its protocol, or when its name is one of the listed
 * names (a PostgreSQL moved to port 15432 but named `postgres` is still a database).
 */

export type SensitiveCategory = 'database' | 'cache' | 'broker' | 'admin';

export interface SensitivePort {
  protocol: Protocol;
  port: number;
  service: string;
  category: SensitiveCategory;
  /** Container port names that mark the same service on another number. */
  names?: readonly string[];
}

export const CATEGORY_TEXT: Record<SensitiveCategory, Localized> = {
  database: { en: 'database', zh: '数据库' },
  cache: { en: 'cache or coordination store', zh: '缓存或协调存储' },
  broker: { en: 'message broker', zh: '消息中间件' },
  admin: { en: 'administration interface', zh: '管理接口' },
};

const tcp = (port: number, service: string, category: SensitiveCategory, names?: string[]): SensitivePort => (names ? { protocol: 'TCP', port, service, category, names } : { protocol: 'TCP', port, service, category });

export const SENSITIVE_PORTS: readonly SensitivePort[] = [
  // Databases, including those common in Chinese banks (DM, KingbaseES, OceanBase).
  tcp(5432, 'PostgreSQL', 'database', ['postgres', 'postgresql', 'pg', 'pgsql']),
  tcp(3306, 'MySQL / MariaDB', 'database', ['mysql', 'mariadb']),
  tcp(1433, 'Microsoft SQL Server', 'database', ['mssql', 'sqlserver']),
  tcp(1521, 'Oracle Database', 'database', ['oracle', 'tns']),
  tcp(27017, 'MongoDB', 'database', ['mongodb', 'mongo']),
  tcp(9042, 'Cassandra CQL', 'database', ['cql', 'cassandra']),
  tcp(9200, 'Elasticsearch / OpenSearch HTTP', 'database', ['elasticsearch', 'opensearch']),
  tcp(9300, 'Elasticsearch transport', 'database'),
  tcp(5984, 'CouchDB', 'database', ['couchdb']),
  tcp(7687, 'Neo4j Bolt', 'database', ['bolt', 'neo4j']),
  tcp(8123, 'ClickHouse HTTP', 'database', ['clickhouse']),
  tcp(9000, 'ClickHouse native', 'database'),
  tcp(8086, 'InfluxDB', 'database', ['influxdb']),
  tcp(26257, 'CockroachDB', 'database', ['cockroach']),
  tcp(50000, 'IBM Db2', 'database', ['db2']),
  tcp(5236, 'DM (Dameng) Database', 'database', ['dameng', 'dmdb']),
  tcp(54321, 'KingbaseES', 'database', ['kingbase']),
  tcp(2881, 'OceanBase', 'database', ['oceanbase']),
  tcp(4000, 'TiDB', 'database', ['tidb']),
  // Caches and coordination stores.
  tcp(6379, 'Redis', 'cache', ['redis']),
  tcp(26379, 'Redis Sentinel', 'cache', ['sentinel']),
  tcp(11211, 'Memcached', 'cache', ['memcached', 'memcache']),
  tcp(2379, 'etcd client', 'cache', ['etcd', 'etcd-client']),
  tcp(2380, 'etcd peer', 'cache', ['etcd-peer']),
  tcp(2181, 'ZooKeeper', 'cache', ['zookeeper', 'zk-client']),
  tcp(5701, 'Hazelcast', 'cache', ['hazelcast']),
  tcp(8500, 'Consul HTTP', 'cache', ['consul']),
  // Message brokers.
  tcp(9092, 'Kafka', 'broker', ['kafka']),
  tcp(5672, 'RabbitMQ AMQP', 'broker', ['amqp']),
  tcp(4222, 'NATS', 'broker', ['nats']),
  tcp(61616, 'ActiveMQ', 'broker', ['activemq']),
  tcp(9876, 'RocketMQ name server', 'broker', ['rocketmq']),
  // Administration interfaces.
  tcp(22, 'SSH', 'admin', ['ssh']),
  tcp(23, 'Telnet', 'admin', ['telnet']),
  tcp(3389, 'RDP', 'admin', ['rdp']),
  tcp(5900, 'VNC', 'admin', ['vnc']),
  tcp(2375, 'Docker API (plaintext)', 'admin', ['docker']),
  tcp(2376, 'Docker API (TLS)', 'admin'),
  tcp(6443, 'Kubernetes API server', 'admin'),
  tcp(10250, 'kubelet API', 'admin', ['kubelet']),
  tcp(15672, 'RabbitMQ management', 'admin', ['management']),
  tcp(5601, 'Kibana', 'admin', ['kibana']),
  tcp(8200, 'HashiCorp Vault', 'admin', ['vault']),
  tcp(7001, 'WebLogic administration', 'admin', ['weblogic']),
  tcp(9990, 'WildFly / JBoss management', 'admin'),
  tcp(1099, 'Java RMI / JMX', 'admin', ['jmx', 'rmi']),
  tcp(9870, 'Hadoop NameNode UI', 'admin'),
  tcp(8848, 'Nacos console', 'admin', ['nacos']),
];

const byNumber = new Map(SENSITIVE_PORTS.map((s) => [`${s.protocol}/${s.port}`, s]));
const byName = new Map(SENSITIVE_PORTS.flatMap((s) => (s.names ?? []).map((n) => [`${s.protocol}/${n}`, s] as const)));

/** The sensitive service a container port serves, if any. */
export function sensitiveService(port: ContainerPortView): SensitivePort | undefined {
  return byNumber.get(`${port.protocol}/${port.port}`) ?? (port.name ? byName.get(`${port.protocol}/${port.name.toLowerCase()}`) : undefined);
}
