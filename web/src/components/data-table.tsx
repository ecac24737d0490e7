import type { ComponentChildren } from 'preact';

export interface Column<Row> {
  header: ComponentChildren;
  /** React key of the column; the header when it is a string */
  key?: string;
  cell: (row: Row) => ComponentChildren;
}

/**
 * Data as an accessible table: a caption, one header per column, and in each row the cell that names it
 * (the first column unless `rowHeader` says another) as its row header (`th scope="row"`), so a screen
 * reader names a row by it. With no rows, `empty` fills one row across every column.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowHeader = 0,
  empty,
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowHeader?: number;
  empty?: ComponentChildren;
}) {
  const keyOf = (column: Column<Row>, index: number) =>
    column.key ?? (typeof column.header === 'string' ? column.header : index);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, index) => (
            <th key={keyOf(column, index)} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined && (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column, index) =>
              index === rowHeader ? (
                <th key={keyOf(column, index)} scope="row">
                  {column.cell(row)}
                </th>
              ) : (
                <td key={keyOf(column, index)}>{column.cell(row)}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
