import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import type { Finding } from '../model/index.js';
import { emptyStats, errorLine, type AlertSink, type SinkStats } from './sink.js';
import { formatSyslogMessage, type SyslogFacility } from './syslog-format.js';

/**
 * Sends alerts as RFC 5424 messages (see syslog-format.ts) over UDP (RFC 5426: one message per
 * datagram), TCP with octet-counting framing (RFC 6587 §3.4.1: `LEN SP MSG`) or TLS (RFC 5425,
 * same framing). Stream transports keep one connection, reconnect with exponential backoff and
 * hold alerts in a bounded memory queue meanwhile; beyond the bound the oldest are dropped and
 * counted. Syslog has no acknowledgements: an alert counts as sent once the kernel took it, so a
 * receiver that dies can lose what was in flight — use the webhook sink where that matters.
 * `flush()` waits until the queue is handed to the kernel, or `flushTimeoutMs` passes while the
 * receiver is unreachable; `close()` then counts what is still queued as dropped.
 */

export type SyslogTransport = 'udp' | 'tcp' | 'tls';

export interface SyslogTlsOptions {
  /** CA certificates (PEM) the receiver's certificate must chain to; the system's when absent. */
  ca?: string | Buffer;
  /** Client certificate and key (PEM) for receivers that require one. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Name to verify the certificate against, when it differs from `host`. */
  servername?: string;
}

export interface SyslogSinkOptions {
  name?: string;
  transport: SyslogTransport;
  host: string;
  port: number;
  facility?: SyslogFacility;
  /** HOSTNAME field; `os.hostname()` by default. */
  hostname?: string;
  appName?: string;
  tls?: SyslogTlsOptions;
  /** Alerts held while disconnected. */
  maxQueue?: number;
  maxMessageBytes?: number;
  /** First reconnect delay; doubles up to `reconnectMaxMs`. */
  reconnectMs?: number;
  reconnectMaxMs?: number;
  connectTimeoutMs?: number;
  /** How long `flush()`/`close()` wait for a receiver to take the queue. */
  flushTimeoutMs?: number;
}

export class SyslogSink implements AlertSink {
  readonly name: string;
  private readonly counts = emptyStats();
  /** Framed messages not yet handed to the kernel. */
  private readonly queue: Buffer[] = [];
  private inFlight = 0;
  private socket: net.Socket | undefined;
  private connecting = false;
  private udp: dgram.Socket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly hostname: string;

  constructor(private readonly options: SyslogSinkOptions) {
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new Error(`syslog sink: port ${options.port} is not a TCP/UDP port`);
    this.name = options.name ?? 'syslog';
    this.backoffMs = options.reconnectMs ?? 250;
    this.hostname = options.hostname ?? os.hostname();
  }

  send(alert: Finding): void {
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    const message = Buffer.from(formatSyslogMessage(alert, {
      facility: this.options.facility ?? 'local0',
      hostname: this.hostname,
      appName: this.options.appName ?? 'rampart',
      maxMessageBytes: this.options.maxMessageBytes ?? 8192,
    }));
    const framed = this.options.transport === 'udp' ? message : Buffer.concat([Buffer.from(`${message.length} `), message]);
    if (this.queue.length >= (this.options.maxQueue ?? 10_000)) {
      this.queue.shift();
      this.counts.dropped++;
    }
    this.queue.push(framed);
    this.pump();
  }

  async flush(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.options.flushTimeoutMs ?? 5000);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.idleWaiters.push(done);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Disconnected, a closed sink will not reconnect: waiting for the queue to drain would be in vain.
    if (this.options.transport === 'udp' || (this.socket && !this.connecting)) await this.flush();
    clearTimeout(this.retryTimer);
    this.counts.dropped += this.queue.length;
    this.queue.length = 0;
    const socket = this.socket;
    this.socket = undefined;
    if (socket && (this.connecting || socket.destroyed)) socket.destroy();
    else if (socket) {
      // A clean FIN lets the receiver read to the end; a peer that never acknowledges gets a second.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        socket.end(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      socket.destroy();
    }
    if (this.udp) {
      const udp = this.udp;
      this.udp = undefined;
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    }
    this.notifyIdle(true);
  }

  stats(): SinkStats {
    return { ...this.counts, queued: this.queue.length + this.inFlight };
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0;
  }

  private notifyIdle(force = false): void {
    if (!force && !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (this.options.transport === 'udp') return this.pumpUdp();
    if (this.socket && !this.connecting) return this.writeQueued(this.socket);
    if (!this.connecting && !this.retryTimer && !this.closed) this.connect();
  }

  private pumpUdp(): void {
    this.udp ??= this.openUdp();
    const udp = this.udp;
    while (this.queue.length > 0) {
      const message = this.queue.shift()!;
      this.inFlight++;
      udp.send(message, this.options.port, this.options.host, (err) => {
        this.inFlight--;
        if (err) {
          // A datagram that did not leave is lost: UDP has no later moment to retry it in.
          this.counts.failed++;
          this.counts.dropped++;
          this.counts.lastError = `udp ${this.target()}: ${errorLine(err)}`;
        } else {
          this.counts.sent++;
        }
        this.notifyIdle();
      });
    }
  }

  private openUdp(): dgram.Socket {
    const udp = dgram.createSocket(net.isIPv6(this.options.host) ? 'udp6' : 'udp4');
    udp.on('error', (err) => {
      this.counts.lastError = `udp ${this.target()}: ${errorLine(err)}`;
    });
    udp.unref();
    return udp;
  }

  private connect(): void {
    this.connecting = true;
    const { host, port } = this.options;
    const onConnected = (): void => {
      socket.setTimeout(0);
      this.connecting = false;
      this.backoffMs = this.options.reconnectMs ?? 250;
      this.writeQueued(socket);
    };
    const socket: net.Socket = this.options.transport === 'tls'
      ? tls.connect({
        host,
        port,
        ca: this.options.tls?.ca,
        cert: this.options.tls?.cert,
        key: this.options.tls?.key,
        servername: this.options.tls?.servername ?? (net.isIP(host) ? undefined : host),
      }, onConnected)
      : net.connect({ host, port }, onConnected);
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(this.options.connectTimeoutMs ?? 10_000, () => socket.destroy(new Error('connect timed out')));
    // Receivers send nothing; reading lets us see them close the connection.
    socket.on('data', () => undefined);
    socket.on('error', (err) => {
      this.counts.failed++;
      this.counts.lastError = `${this.options.transport} ${this.target()}: ${errorLine(err)}`;
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.connecting = false;
      if (this.closed) return;
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.reconnectMaxMs ?? 30_000);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.queue.length > 0) this.pump();
      }, delay);
      this.retryTimer.unref();
    });
  }

  private writeQueued(socket: net.Socket): void {
    // One write at a time, so a failed batch goes back to the queue ahead of what came after it.
    if (this.inFlight > 0) return;
    if (this.queue.length === 0) return this.notifyIdle();
    const batch = this.queue.splice(0, this.queue.length);
    this.inFlight += batch.length;
    socket.write(Buffer.concat(batch), (err) => {
      this.inFlight -= batch.length;
      if (err) {
        // Not taken by the kernel: back to the front of the queue, for the next connection.
        this.queue.unshift(...batch);
        const max = this.options.maxQueue ?? 10_000;
        if (this.queue.length > max) this.counts.dropped += this.queue.splice(0, this.queue.length - max).length;
      } else {
        this.counts.sent += batch.length;
      }
      if (this.socket === socket && !this.connecting && !socket.destroyed) this.writeQueued(socket);
      else this.notifyIdle();
    });
  }

  private target(): string {
    return `${this.options.host}:${this.options.port}`;
  }
}
