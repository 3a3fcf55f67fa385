-- AlterTable
ALTER TABLE "JudgmentDebtorCase" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
ADD COLUMN     "underObjection" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "PersonPenalty" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
ADD COLUMN     "underObjection" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "PersonObjection" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "checkDueOn" TEXT NOT NULL,
    "routedAt" TIMESTAMP(3),
    "decisionDueOn" TEXT,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" TIMESTAMP(3),
    "decision" TEXT,
    "decisionNote" TEXT,
    "dueOn" TEXT,
    "openKey" TEXT,

    CONSTRAINT "PersonObjection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonObjectionStep" (
    "id" TEXT NOT NULL,
    "objectionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "PersonObjectionStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PersonObjection_openKey_key" ON "PersonObjection"("openKey");

-- CreateIndex
CREATE INDEX "PersonObjection_personId_idx" ON "PersonObjection"("personId");

-- CreateIndex
CREATE INDEX "PersonObjection_status_dueOn_idx" ON "PersonObjection"("status", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "PersonObjectionStep_objectionId_position_key" ON "PersonObjectionStep"("objectionId", "position");

-- AddForeignKey
ALTER TABLE "PersonObjectionStep" ADD CONSTRAINT "PersonObjectionStep_objectionId_fkey" FOREIGN KEY ("objectionId") REFERENCES "PersonObjection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
