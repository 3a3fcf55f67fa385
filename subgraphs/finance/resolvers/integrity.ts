/** A row that another row names must exist; a dangling reference is a data fault, not a null. */
export function mustExist<T>(row: T | null, what: string): T {
  if (row === null) throw new Error(`finance data fault: ${what} does not exist`);
  return row;
}
