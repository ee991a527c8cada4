import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { reportFilePath } from '../engine/audit/jobs.ts';

/** Path prefix of report downloads on the console server: `GET /api/reports/<fileName>`. */
export const REPORT_DOWNLOAD_PREFIX = '/api/reports/';

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

/**
 * Streams a report file from the data directory's reports folder as an
 * attachment. Only names that the exporter gives its files are served, so no
 * path leads outside that folder. The caller has checked the session.
 */
export async function sendReportFile(dataDir: string, fileName: string, response: ServerResponse, headers: Record<string, string>): Promise<void> {
  const path = reportFilePath(dataDir, fileName);
  const info = path === undefined ? undefined : await stat(path).catch(() => undefined);
  if (path === undefined || !info?.isFile()) {
    const text = `No report file is named "${fileName}". Export the report again from the Reports screen.`;
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
    return;
  }
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1);
  response.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
  await pipeline(createReadStream(path), response);
}
