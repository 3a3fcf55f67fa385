-- CreateTable
CREATE TABLE "PersonObjection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "filedAt" DATETIME NOT NULL,
    "checkDueOn" TEXT NOT NULL,
    "routedAt" DATETIME,
    "decisionDueOn" TEXT,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" DATETIME,
    "decision" TEXT,
    "decisionNote" TEXT,
    "dueOn" TEXT,
    "openKey" TEXT
);

-- CreateTable
CREATE TABLE "PersonObjectionStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "objectionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "action" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "note" TEXT,
    CONSTRAINT "PersonObjectionStep_objectionId_fkey" FOREIGN KEY ("objectionId") REFERENCES "PersonObjection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_JudgmentDebtorCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "caseNumber" TEXT NOT NULL,
    "court" TEXT NOT NULL,
    "obligation" TEXT NOT NULL,
    "listedOn" TEXT NOT NULL,
    "removedOn" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_JudgmentDebtorCase" ("caseNumber", "court", "id", "listedOn", "obligation", "personId", "removedOn") SELECT "caseNumber", "court", "id", "listedOn", "obligation", "personId", "removedOn" FROM "JudgmentDebtorCase";
DROP TABLE "JudgmentDebtorCase";
ALTER TABLE "new_JudgmentDebtorCase" RENAME TO "JudgmentDebtorCase";
CREATE INDEX "JudgmentDebtorCase_personId_idx" ON "JudgmentDebtorCase"("personId");
CREATE TABLE "new_PersonPenalty" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT NOT NULL,
    "violation" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "penaltyType" TEXT NOT NULL,
    "amount" REAL,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_PersonPenalty" ("amount", "catalogItemCode", "decisionDate", "documentNumber", "id", "legalBasis", "penaltyType", "personId", "publicityEndDate", "sourceDepartment", "violation") SELECT "amount", "catalogItemCode", "decisionDate", "documentNumber", "id", "legalBasis", "penaltyType", "personId", "publicityEndDate", "sourceDepartment", "violation" FROM "PersonPenalty";
DROP TABLE "PersonPenalty";
ALTER TABLE "new_PersonPenalty" RENAME TO "PersonPenalty";
CREATE INDEX "PersonPenalty_personId_idx" ON "PersonPenalty"("personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PersonObjection_openKey_key" ON "PersonObjection"("openKey");

-- CreateIndex
CREATE INDEX "PersonObjection_personId_idx" ON "PersonObjection"("personId");

-- CreateIndex
CREATE INDEX "PersonObjection_status_dueOn_idx" ON "PersonObjection"("status", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "PersonObjectionStep_objectionId_position_key" ON "PersonObjectionStep"("objectionId", "position");
