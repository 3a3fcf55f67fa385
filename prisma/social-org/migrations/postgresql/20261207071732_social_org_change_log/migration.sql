-- CreateTable
CREATE TABLE "ChangeEvent" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
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
    "detail" TEXT,

    CONSTRAINT "ChangeEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ChangeEventSequence" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "ChangeEventSequence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChangeEvent_subject_seq_idx" ON "ChangeEvent"("subject", "seq");
