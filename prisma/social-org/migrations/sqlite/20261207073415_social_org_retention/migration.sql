-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "day" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "negativeYears" INTEGER NOT NULL,
    "deleteBefore" TEXT NOT NULL,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "detail" TEXT
);

-- CreateIndex
CREATE INDEX "RetentionRun_day_idx" ON "RetentionRun"("day");
