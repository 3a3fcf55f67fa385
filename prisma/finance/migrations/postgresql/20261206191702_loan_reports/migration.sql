-- AlterTable: loans seeded before the loan reports keep their rows. The amount becomes fen, the day
-- they carried is both the application day and (once decided) the decision day, the region is the
-- USCC (positions 3-8), the industry and purpose were never known (empty).
ALTER TABLE "CreditEasyLoan"
ADD COLUMN     "appliedMonth" TEXT,
ADD COLUMN     "appliedOn" TEXT,
ADD COLUMN     "decidedOn" TEXT,
ADD COLUMN     "grantedFen" BIGINT,
ADD COLUMN     "industryCode" TEXT,
ADD COLUMN     "purpose" TEXT,
ADD COLUMN     "rateBp" INTEGER,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "reference" TEXT,
ADD COLUMN     "regionCode" TEXT,
ADD COLUMN     "requestedFen" BIGINT,
ADD COLUMN     "statusOn" TEXT,
ADD COLUMN     "termMonths" INTEGER,
ALTER COLUMN "grantedOn" DROP NOT NULL;

UPDATE "CreditEasyLoan" SET
  "purpose" = '', "industryCode" = '', "regionCode" = substr("uscc", 3, 6),
  "requestedFen" = ROUND("amount" * 100)::BIGINT,
  "appliedOn" = "grantedOn", "appliedMonth" = substr("grantedOn", 1, 7), "statusOn" = "grantedOn",
  "decidedOn" = CASE WHEN "status" = 'APPLIED' THEN NULL ELSE "grantedOn" END,
  "grantedFen" = CASE WHEN "status" IN ('GRANTED', 'REPAID', 'OVERDUE') THEN ROUND("amount" * 100)::BIGINT END,
  "grantedOn" = CASE WHEN "status" IN ('GRANTED', 'REPAID', 'OVERDUE') THEN "grantedOn" END;

ALTER TABLE "CreditEasyLoan" DROP COLUMN "amount",
ALTER COLUMN "appliedMonth" SET NOT NULL,
ALTER COLUMN "appliedOn" SET NOT NULL,
ALTER COLUMN "industryCode" SET NOT NULL,
ALTER COLUMN "purpose" SET NOT NULL,
ALTER COLUMN "regionCode" SET NOT NULL,
ALTER COLUMN "requestedFen" SET NOT NULL,
ALTER COLUMN "statusOn" SET NOT NULL;

-- AlterTable
ALTER TABLE "FinancialPartner" ADD COLUMN     "institutionId" TEXT;

-- CreateIndex
CREATE INDEX "CreditEasyLoan_appliedOn_idx" ON "CreditEasyLoan"("appliedOn");

-- CreateIndex
CREATE INDEX "CreditEasyLoan_partnerId_appliedOn_idx" ON "CreditEasyLoan"("partnerId", "appliedOn");

-- CreateIndex
CREATE UNIQUE INDEX "CreditEasyLoan_partnerId_reference_key" ON "CreditEasyLoan"("partnerId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "FinancialPartner_institutionId_key" ON "FinancialPartner"("institutionId");
