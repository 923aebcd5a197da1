import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { DatasetImportError } from './dataset-import-error';

/** One CSV record and the 1-based line of the file where it starts. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * Incremental RFC 4180 parser: comma separated, fields optionally in double quotes, `""` inside quotes
 * is one quote, quoted fields may hold commas and line breaks. Accepts CRLF, LF and CR line ends and a
 * leading UTF-8 BOM; skips blank lines. A quote inside an unquoted field, text after a closing quote
 * and an unterminated quote throw `MALFORMED_CSV` naming the file and line.
 */
export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quotedSeen = false;
  private skipLf = false;
  private started = false;

  constructor(private readonly file: string) {}

  private malformed(message: string): DatasetImportError {
    return new DatasetImportError('MALFORMED_CSV', this.file, `${basename(this.file)} line ${this.line}: ${message}`);
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    const blank = this.fields.length === 1 && this.fields[0] === '' && !this.quotedSeen;
    if (!blank) out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.quotedSeen = false;
    this.state = State.FieldStart;
  }

  /** Feeds the next chunk of text; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.skipLf) {
        this.skipLf = false;
        if (c === '\n') {
          if (this.state === State.Quoted) this.field += c;
          continue;
        }
      }
      const newline = c === '\n' || c === '\r';
      if (newline && this.state !== State.Quoted) {
        if (this.fields.length === 0 && this.field === '' && this.state === State.FieldStart && !this.quotedSeen) {
          // blank line: nothing to emit
        } else {
          this.endRecord(out);
        }
        this.line += 1;
        this.recordLine = this.line;
        this.skipLf = c === '\r';
        continue;
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === '"') {
            this.state = State.Quoted;
            this.quotedSeen = true;
          } else if (c === ',') this.endField();
          else {
            this.field = c;
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted:
          if (c === ',') {
            this.endField();
            this.state = State.FieldStart;
          } else if (c === '"') throw this.malformed('quote inside an unquoted field (quote the whole field and double the quote)');
          else this.field += c;
          break;
        case State.Quoted:
          if (c === '"') this.state = State.QuoteInQuoted;
          else {
            this.field += c;
            if (newline) {
              this.line += 1;
              this.skipLf = c === '\r';
            }
          }
          break;
        case State.QuoteInQuoted:
          if (c === '"') {
            this.field += '"';
            this.state = State.Quoted;
          } else if (c === ',') {
            this.endField();
            this.state = State.FieldStart;
          } else throw this.malformed(`unexpected ${JSON.stringify(c)} after a closing quote`);
          break;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if the file does not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === State.Quoted) {
      throw new DatasetImportError(
        'MALFORMED_CSV',
        this.file,
        `${basename(this.file)} line ${this.recordLine}: quoted field never closed (end of file reached)`,
      );
    }
    const out: CsvRecord[] = [];
    if (this.fields.length > 0 || this.field !== '' || this.quotedSeen) this.endRecord(out);
    return out;
  }
}

/**
 * Streams the records of a CSV file (UTF-8) without loading it whole. Stopping the iteration early
 * (e.g. `break`) closes the file. An unreadable file throws `TABLE_UNREADABLE`.
 */
export async function* readCsvRecords(path: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(path);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) yield* parser.push(chunk as string);
  } catch (cause) {
    if (cause instanceof DatasetImportError) throw cause;
    throw new DatasetImportError('TABLE_UNREADABLE', path, `cannot read ${path}: ${(cause as Error).message}`, [], 0, { cause });
  } finally {
    stream.destroy();
  }
  yield* parser.end();
}
