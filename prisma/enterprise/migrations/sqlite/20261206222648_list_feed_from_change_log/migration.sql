-- The list feed of the partner cities reads the change log (ChangeEvent) from now on. Entries it never
-- logged are logged LISTED by the first listChanges read of a day (backfillListChanges), and cursors
-- from the old feed are answered CURSOR_OUTDATED, and their readers start again from the beginning.

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "ListChange";
PRAGMA foreign_keys=on;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "ListChangeSequence";
PRAGMA foreign_keys=on;

-- CreateIndex
CREATE INDEX "ChangeEvent_recordType_seq_idx" ON "ChangeEvent"("recordType", "seq");

-- CreateIndex
CREATE INDEX "ChangeEvent_recordId_seq_idx" ON "ChangeEvent"("recordId", "seq");
