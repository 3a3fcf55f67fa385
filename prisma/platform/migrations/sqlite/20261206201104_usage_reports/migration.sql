-- AlterTable: a column with a constant default is added in place (no copy of the table).
ALTER TABLE "UsageBucket" ADD COLUMN "reports" INTEGER NOT NULL DEFAULT 0;
