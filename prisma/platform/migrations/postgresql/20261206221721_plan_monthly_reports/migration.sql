-- AlterTable
ALTER TABLE "Institution" ADD COLUMN     "monthlyReports" INTEGER;
