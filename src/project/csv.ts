// CSV as RFC 4180 writes it: fields split by commas, quoted with "…" where they hold a comma, a quote
// ("" inside) or a line break. Each row comes with the offset it starts at, for diagnostics.

export interface CsvRow {
  fields: string[];
  offset: number;
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let rowStart = 0;
  const endRow = (next: number) => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') rows.push({ fields, offset: rowStart });
    fields = [];
    field = '';
    rowStart = next;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') endRow(i + 1);
    else if (c !== '\r') field += c;
  }
  if (field !== '' || fields.length > 0) endRow(text.length);
  return rows;
}
