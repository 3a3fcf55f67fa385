-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "idHash" TEXT NOT NULL,
    "idCipher" TEXT NOT NULL,
    "idMasked" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameMasked" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "integrityScore" INTEGER NOT NULL,
    "integrityGrade" TEXT NOT NULL,
    "integrityUpdatedOn" TEXT NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonPenalty" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT NOT NULL,
    "violation" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "penaltyType" TEXT NOT NULL,
    "amount" DOUBLE PRECISION,
    "publicityEndDate" TEXT,

    CONSTRAINT "PersonPenalty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgmentDebtorCase" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "caseNumber" TEXT NOT NULL,
    "court" TEXT NOT NULL,
    "obligation" TEXT NOT NULL,
    "listedOn" TEXT NOT NULL,
    "removedOn" TEXT,

    CONSTRAINT "JudgmentDebtorCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonHonor" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "awardedBy" TEXT NOT NULL,
    "awardedOn" TEXT NOT NULL,

    CONSTRAINT "PersonHonor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolunteerRecord" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "organization" TEXT NOT NULL,
    "activity" TEXT NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "servedOn" TEXT NOT NULL,

    CONSTRAINT "VolunteerRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessLogEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "personId" TEXT NOT NULL,
    "accessorKind" TEXT NOT NULL,
    "institutionId" TEXT,
    "institutionName" TEXT,
    "accessorPersonId" TEXT,
    "categories" TEXT NOT NULL,
    "purpose" TEXT,
    "consentId" TEXT,
    "basis" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,

    CONSTRAINT "AccessLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_idHash_key" ON "Person"("idHash");

-- CreateIndex
CREATE INDEX "PersonPenalty_personId_idx" ON "PersonPenalty"("personId");

-- CreateIndex
CREATE INDEX "JudgmentDebtorCase_personId_idx" ON "JudgmentDebtorCase"("personId");

-- CreateIndex
CREATE INDEX "PersonHonor_personId_idx" ON "PersonHonor"("personId");

-- CreateIndex
CREATE INDEX "VolunteerRecord_personId_idx" ON "VolunteerRecord"("personId");

-- CreateIndex
CREATE INDEX "Consent_personId_institutionId_idx" ON "Consent"("personId", "institutionId");

-- CreateIndex
CREATE INDEX "AccessLogEntry_personId_at_idx" ON "AccessLogEntry"("personId", "at");
