import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvField } from '../../src/main/engine/audit/formats/csv.ts';
import { escapeHtml } from '../../src/main/engine/audit/formats/html.ts';
import { breakLongWords, layoutTable } from '../../src/main/engine/audit/formats/pdf.ts';
import { pdfRun, registerPdfFonts } from '../../src/main/engine/audit/formats/pdf-text.ts';
import { ACCESS_COLUMNS } from '../../src/main/engine/audit/reports/access.ts';
import { startReview } from '../../src/main/engine/audit/review/reviews.ts';
import { buildAuditFixture, createScimCaller, NAMES, TIMES, type AuditFixture } from './fixture.ts';
import { exportJson, exportTo, parseCsvReport } from './helpers.ts';

describe('csvField', () => {
  const cases: [string, string][] = [
    ['=1+1', "'=1+1"],
    ['+41 79 000 00 00', "'+41 79 000 00 00"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tindent', "'\tindent"],
    ['\rreturn', `"'\rreturn"`],
    ['=HYPERLINK("http://evil.test","x")', `"'=HYPERLINK(""http://evil.test"",""x"")"`],
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['ada@example.com', 'ada@example.com'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(`writes ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      expect(csvField(input)).toBe(expected);
    });
  }

  it('joins lists and leaves nothing empty', () => {
    expect(csvCell(['=a', 'b'])).toBe("'=a; b");
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(12)).toBe('12');
  });
});

describe('report formats', () => {
  let fixture: AuditFixture;

  beforeAll(() => {
    fixture = buildAuditFixture();
    const scim = createScimCaller(fixture.engine, fixture.engine.createConnection('entra', 'Entra', 'test').token);
    scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: '@lei@example.com', displayName: '李雷 <script>alert(1)</script>' }, 201);
    scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'olga@example.com', displayName: 'Ольга Łukasiewicz' }, 201);
    scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: "=cmd|' /C calc'!A0" }, 201);
  });

  afterAll(() => {
    fixture.close();
  });

  it('defuses formulas in every CSV cell that an identity provider controls', async () => {
    const access = parseCsvReport(readFileSync(await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'csv'), 'utf8'));
    const mappings = parseCsvReport(readFileSync(await exportTo(fixture.engine, fixture.dataDir, { kind: 'mappings' }, 'csv'), 'utf8'));

    const rows = access.sections.get('access')!;
    expect(rows.find((row) => row.userName === "'@lei@example.com")).toBeDefined();
    expect(rows.find((row) => row.userName === 'mallory@example.com')!.displayName).toBe(`'${NAMES.formula}`);
    expect(mappings.sections.get('unmappedGroups')!.map((row) => row.group)).toContain("'=cmd|' /C calc'!A0");
    for (const row of [...rows, ...mappings.sections.get('unmappedGroups')!]) {
      for (const value of Object.values(row)) {
        expect(value).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it('renders a PDF whose text names every user and the log head', async () => {
    const head = fixture.engine.db.prepare('SELECT digest FROM events ORDER BY id DESC LIMIT 1').pluck().get() as string;
    const path = await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'pdf');

    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

    const dataDirectoryId = (JSON.parse(fixture.engine.db.prepare("SELECT value FROM settings WHERE key = 'dataDirectoryId'").pluck().get() as string)) as string;
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain('Access report');
    expect(text).toContain(head);
    expect(text).toContain(dataDirectoryId);
    expect(text).toContain('2025-03-31 18:00:00.000 UTC');
    for (const userName of ['ada@example.com', 'grace@example.com', 'linus@example.com', 'mallory@example.com', '@lei@example.com']) {
      expect(text).toContain(userName);
    }
    // The fallback font is monospaced and wider, so the name wraps after the ideographs.
    expect(text).toMatch(/李雷 .*\n\s+<script>alert\(1\)/);
    expect(text).toContain('Ольга Łukasiewicz');
    expect(text).toMatch(/Data Science\s+viewer\s+app-acme-data-science-viewer/);
    expect(text).toContain('Users per workspace and role');
    expect(text).toContain('Totals per scope and role');
  });

  it('renders a PDF change report with its period', async () => {
    const path = await exportTo(fixture.engine, fixture.dataDir, { kind: 'changes', from: TIMES.deactivated, to: TIMES.report }, 'pdf');

    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

    expect(text).toContain(`Access changes from ${TIMES.deactivated} to ${TIMES.report}`);
    expect(text).toMatch(/linus@example.com\s+Data Science\s+lost/);
    expect(text).toMatch(/grace@example.com\s+Data Science\s+changed\s+viewer\s+editor/);
  });

  it('writes a printable HTML page with the summary and escaped names', async () => {
    const path = await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'html');

    const html = readFileSync(path, 'utf8');

    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<div class="figure"><b>6</b>Users</div>');
    expect(html).toContain('<svg role="img" aria-label="Users per workspace and role"');
    expect(html).toContain('李雷 &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('@page { size: A4 landscape');
    expect(html).toContain('<td>app-acme-data-science-viewer</td>');
  });

  it('escapes markup characters for HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('keeps Windows-1252 text in Helvetica', () => {
    expect(pdfRun('Zoë – “café”\tend')).toEqual({ text: 'Zoë – “café” end', font: 'Helvetica' });
    expect(pdfRun('Zoë', 'bold')).toEqual({ text: 'Zoë', font: 'Helvetica-Bold' });
  });

  it('shows other scripts in the embedded font', () => {
    expect(pdfRun('Łukasz Żółć, Ольга, Δημήτρης')).toEqual({ text: 'Łukasz Żółć, Ольга, Δημήτρης', font: 'DejaVuSans' });
    expect(pdfRun('Ольга', 'bold')).toEqual({ text: 'Ольга', font: 'DejaVuSans-Bold' });
  });

  it('draws CJK names in the fallback font', () => {
    expect(pdfRun('Ольга 李雷, さくら, 김민준')).toEqual({ text: 'Ольга 李雷, さくら, 김민준', font: 'UnifontEX' });
    expect(pdfRun('山田 क', 'bold')).toEqual({ text: '山田 क', font: 'UnifontEX' });
  });

  it('replaces characters no font has', () => {
    // U+20000, from CJK Extension B, lies outside the Basic Multilingual Plane that Unifont EX covers.
    expect(pdfRun('Ada \u{20000} 李')).toEqual({ text: 'Ada ? 李', font: 'UnifontEX' });
  });
});

describe('report display names', () => {
  let fixture: AuditFixture;
  let hedy: string;
  let alan: string;

  /** Users sent with name parts and no displayName. */
  beforeAll(() => {
    fixture = buildAuditFixture();
    const scim = createScimCaller(fixture.engine, fixture.engine.createConnection('okta', 'Okta names', 'test').token);
    const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User';
    hedy = scim('POST', '/Users', { schemas: [userSchema], userName: 'hedy@example.com', name: { formatted: 'Hedy Lamarr', givenName: 'Hedwig' } }, 201).id as string;
    alan = scim('POST', '/Users', { schemas: [userSchema], userName: 'alan@example.com', name: { givenName: 'Alan', familyName: 'Turing' } }, 201).id as string;
    // Hedy is an organization admin, so that an access review lists her.
    const admins = scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'names-admins', members: [{ value: hedy }] }, 201).id as string;
    fixture.engine.addMapping(admins, { kind: 'organization-admin' }, 'test');
  });

  afterAll(() => {
    fixture.close();
  });

  it('match the console in every format', async () => {
    const consoleNames = [fixture.engine.directory.findUser(hedy).displayName, fixture.engine.directory.findUser(alan).displayName];

    const csv = parseCsvReport(readFileSync(await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'csv'), 'utf8')).sections.get('access')!;
    const json = JSON.parse(readFileSync(await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'json'), 'utf8')) as {
      sections: { access: { rows: { userName: string; displayName: string | null }[] } };
    };
    const html = readFileSync(await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'html'), 'utf8');
    const pdf = execFileSync('pdftotext', ['-layout', await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'pdf'), '-'], { encoding: 'utf8' });

    expect(consoleNames).toEqual(['Hedy Lamarr', 'Alan Turing']);
    expect(csv.find((row) => row.userName === 'hedy@example.com')!.displayName).toBe('Hedy Lamarr');
    expect(csv.find((row) => row.userName === 'alan@example.com')!.displayName).toBe('Alan Turing');
    expect(json.sections.access.rows.find((row) => row.userName === 'hedy@example.com')!.displayName).toBe('Hedy Lamarr');
    expect(json.sections.access.rows.find((row) => row.userName === 'alan@example.com')!.displayName).toBe('Alan Turing');
    expect(html).toContain('<td>Hedy Lamarr</td>');
    expect(html).toContain('<td>Alan Turing</td>');
    expect(pdf).toMatch(/hedy@example.com\s+Hedy Lamarr/);
    expect(pdf).toMatch(/alan@example.com\s+Alan Turing/);
  });

  it('match the console in access reviews', async () => {
    const review = startReview(fixture.engine, 'names', 'Rita Reviewer', 'test');

    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'review', reviewId: review.id });

    const hedyRows = report.sections.review!.rows.filter((row) => row.userName === 'hedy@example.com');
    expect(hedyRows.length).toBeGreaterThan(0);
    for (const row of hedyRows) {
      expect(row.displayName).toBe('Hedy Lamarr');
    }
  });
});

describe('PDF table layout', () => {
  const newDocument = (): PDFKit.PDFDocument => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, autoFirstPage: true });
    registerPdfFonts(doc);
    return doc;
  };

  it('keeps every heading word within its column', () => {
    const doc = newDocument();
    const columns = [...ACCESS_COLUMNS, ...['Decision', 'Comment', 'Decided by', 'Decided'].map((label, index) => ({ key: `k${index}`, label, type: 'text' as const, width: 0.6 }))];
    const section = { id: 'review', title: 'Review', columns, rowCount: 0, emptyText: '', rows: () => [] };

    const layout = layoutTable(doc, section);

    doc.fontSize(7.5).font('Helvetica-Bold');
    for (const { column, width } of layout.columns) {
      const widest = Math.max(...column.label.split(' ').map((word) => doc.widthOfString(word)));
      expect(widest, column.label).toBeLessThanOrEqual(width - 5);
    }
    const right = layout.columns.at(-1)!;
    expect(right.x + right.width).toBeCloseTo(doc.page.width - 36, 3);
  });

  it('breaks a long address after "@" or "."', () => {
    const doc = newDocument();
    doc.fontSize(7.5);
    const address = 'aisha.larsen-marchetti@research.example.com';

    const broken = breakLongWords(doc, pdfRun(address), 60);

    const lines = broken.text.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(address);
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(/[@._\-/]$/);
    }
    expect(breakLongWords(doc, pdfRun('ada@example.com'), 200).text).toBe('ada@example.com');
  });
});
