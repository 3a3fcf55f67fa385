-- CreateTable
CREATE TABLE "IntegrityCodeIssue" (
    "jti" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SpentIntegrityCode" (
    "jti" TEXT NOT NULL PRIMARY KEY,
    "spentAt" DATETIME NOT NULL,
    "institutionId" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "IntegrityCodeIssue_personId_issuedAt_idx" ON "IntegrityCodeIssue"("personId", "issuedAt");
