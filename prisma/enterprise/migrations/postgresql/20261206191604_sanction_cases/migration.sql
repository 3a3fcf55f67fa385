-- CreateTable
CREATE TABLE "SanctionCheck" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "day" TEXT NOT NULL,
    "institutionId" TEXT,
    "matterCode" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "subjects" INTEGER NOT NULL,
    "restricted" INTEGER NOT NULL,
    "incentive" INTEGER NOT NULL,

    CONSTRAINT "SanctionCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SanctionCase" (
    "id" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "measures" TEXT NOT NULL,
    "matterCode" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "institutionId" TEXT,
    "day" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT,
    "outcomeMeasure" TEXT,
    "outcomeNote" TEXT,
    "reportedAt" TIMESTAMP(3),

    CONSTRAINT "SanctionCase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SanctionCheck_day_idx" ON "SanctionCheck"("day");

-- CreateIndex
CREATE INDEX "SanctionCase_institutionId_at_idx" ON "SanctionCase"("institutionId", "at");

-- CreateIndex
CREATE INDEX "SanctionCase_day_matterCode_idx" ON "SanctionCase"("day", "matterCode");

-- CreateIndex
CREATE UNIQUE INDEX "SanctionCase_checkId_subjectKey_key" ON "SanctionCase"("checkId", "subjectKey");
