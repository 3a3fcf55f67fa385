-- CreateTable
CREATE TABLE "SocialOrganization" (
    "uscc" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "orgType" TEXT NOT NULL,
    "registrationAuthority" TEXT NOT NULL,
    "registeredOn" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "businessScope" TEXT NOT NULL,
    "ratingGrade" TEXT,
    "ratingYear" INTEGER,
    "ratingValidUntil" TEXT,
    "usccCheckDigitValid" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "SocialOrganization_pkey" PRIMARY KEY ("uscc")
);

-- CreateTable
CREATE TABLE "AnnualInspection" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "inspectedOn" TEXT NOT NULL,

    CONSTRAINT "AnnualInspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialOrgPenalty" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "documentNumber" TEXT NOT NULL,
    "decisionDate" TEXT NOT NULL,
    "violation" TEXT NOT NULL,
    "penaltyType" TEXT NOT NULL,
    "amount" DOUBLE PRECISION,
    "sourceDepartment" TEXT NOT NULL,
    "publicityEndDate" TEXT,

    CONSTRAINT "SocialOrgPenalty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialOrgHonor" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "awardedBy" TEXT NOT NULL,
    "awardedOn" TEXT NOT NULL,

    CONSTRAINT "SocialOrgHonor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AnnualInspection_uscc_idx" ON "AnnualInspection"("uscc");

-- CreateIndex
CREATE INDEX "SocialOrgPenalty_uscc_idx" ON "SocialOrgPenalty"("uscc");

-- CreateIndex
CREATE INDEX "SocialOrgHonor_uscc_idx" ON "SocialOrgHonor"("uscc");
