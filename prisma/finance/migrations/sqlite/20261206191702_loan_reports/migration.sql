-- AlterTable
ALTER TABLE "FinancialPartner" ADD COLUMN "institutionId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CreditEasyLoan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "uscc" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "reference" TEXT,
    "purpose" TEXT NOT NULL,
    "industryCode" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "requestedFen" BIGINT NOT NULL,
    "appliedOn" TEXT NOT NULL,
    "appliedMonth" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusOn" TEXT NOT NULL,
    "decidedOn" TEXT,
    "grantedOn" TEXT,
    "grantedFen" BIGINT,
    "rateBp" INTEGER,
    "termMonths" INTEGER,
    "reason" TEXT
);
-- Loans seeded before the loan reports: the amount becomes fen, the day they carried is both the
-- application day and (once decided) the decision day, the region is taken from the USCC (positions 3-8), the
-- industry and purpose were never known (empty).
INSERT INTO "new_CreditEasyLoan" ("id", "uscc", "partnerId", "productId", "purpose", "industryCode", "regionCode", "requestedFen", "appliedOn", "appliedMonth", "status", "statusOn", "decidedOn", "grantedOn", "grantedFen")
SELECT "id", "uscc", "partnerId", "productId", '', '', substr("uscc", 3, 6), CAST(ROUND("amount" * 100) AS INTEGER), "grantedOn", substr("grantedOn", 1, 7), "status", "grantedOn",
       CASE WHEN "status" = 'APPLIED' THEN NULL ELSE "grantedOn" END,
       CASE WHEN "status" IN ('GRANTED', 'REPAID', 'OVERDUE') THEN "grantedOn" END,
       CASE WHEN "status" IN ('GRANTED', 'REPAID', 'OVERDUE') THEN CAST(ROUND("amount" * 100) AS INTEGER) END
FROM "CreditEasyLoan";
DROP TABLE "CreditEasyLoan";
ALTER TABLE "new_CreditEasyLoan" RENAME TO "CreditEasyLoan";
CREATE INDEX "CreditEasyLoan_uscc_idx" ON "CreditEasyLoan"("uscc");
CREATE INDEX "CreditEasyLoan_appliedOn_idx" ON "CreditEasyLoan"("appliedOn");
CREATE INDEX "CreditEasyLoan_partnerId_appliedOn_idx" ON "CreditEasyLoan"("partnerId", "appliedOn");
CREATE UNIQUE INDEX "CreditEasyLoan_partnerId_reference_key" ON "CreditEasyLoan"("partnerId", "reference");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "FinancialPartner_institutionId_key" ON "FinancialPartner"("institutionId");
