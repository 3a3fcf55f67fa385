-- CreateTable
CREATE TABLE "CreditReport" (
    "number" TEXT NOT NULL PRIMARY KEY,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuerKind" TEXT NOT NULL,
    "issuerId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "document" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "signature" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "CreditReportSequence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "CreditReport_subject_issuedAt_idx" ON "CreditReport"("subject", "issuedAt");

-- CreateIndex
CREATE INDEX "CreditReport_issuerId_issuedAt_idx" ON "CreditReport"("issuerId", "issuedAt");
