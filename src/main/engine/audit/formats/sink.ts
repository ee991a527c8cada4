import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** Bytes gathered before they are handed to the file stream. */
const CHUNK_BYTES = 64 * 1024;

/** Size and SHA-256 of a written file. */
export interface WrittenFile {
  byteCount: number;
  sha256: string;
}

/**
 * A file written in 64 KiB chunks that waits for the stream to drain, so that
 * memory stays bounded however large the report grows. It hashes what it
 * writes, which spares a second read of the file.
 */
export class FileSink {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private byteCount = 0;
  private failure: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Adds text or bytes; resolves at once unless a full chunk must wait for the disk. */
  async write(data: string | Buffer): Promise<void> {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    if (this.pendingBytes >= CHUNK_BYTES) {
      await this.flush();
    }
  }

  /** Hands the gathered bytes to the stream and waits while its buffer is full. */
  async flush(): Promise<void> {
    this.throwIfFailed();
    if (this.pendingBytes === 0) {
      return;
    }
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    if (!this.stream.write(chunk)) {
      await once(this.stream, 'drain');
    }
  }

  /** Writes what is left, closes the file and returns its size and digest. */
  async close(): Promise<WrittenFile> {
    await this.flush();
    if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close');
    }
    this.throwIfFailed();
    return { byteCount: this.byteCount, sha256: this.hash.digest('hex') };
  }

  /** Closes the file after a failure, without waiting for pending bytes. */
  async abort(): Promise<void> {
    if (!this.stream.closed) {
      this.stream.destroy();
      await once(this.stream, 'close').catch(() => undefined);
    }
  }

  private throwIfFailed(): void {
    if (this.failure) {
      throw this.failure;
    }
  }
}
