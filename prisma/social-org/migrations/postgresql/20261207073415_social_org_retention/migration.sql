-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "negativeYears" INTEGER NOT NULL,
    "deleteBefore" TEXT NOT NULL,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "detail" TEXT,

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetentionRun_day_idx" ON "RetentionRun"("day");
