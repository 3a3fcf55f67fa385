-- CreateTable
CREATE TABLE "PersonalCreditReport" (
    "number" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "document" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "signature" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "PersonalCreditReportSequence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "PersonalCreditReport_personId_issuedAt_idx" ON "PersonalCreditReport"("personId", "issuedAt");
