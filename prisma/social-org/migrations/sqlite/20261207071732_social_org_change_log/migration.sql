-- CreateTable
CREATE TABLE "ChangeEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "category" TEXT,
    "recordType" TEXT,
    "recordId" TEXT,
    "itemCode" TEXT,
    "departmentCode" TEXT,
    "version" INTEGER,
    "source" TEXT NOT NULL,
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "ChangeEventSequence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "ChangeEvent_subject_seq_idx" ON "ChangeEvent"("subject", "seq");
