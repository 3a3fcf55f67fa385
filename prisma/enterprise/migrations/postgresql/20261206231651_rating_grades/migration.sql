-- Rating grade changes (issue 14): the last grade the tracker saw per enterprise, and its cursor in the
-- change log. A grade that moves is logged RATING_CHANGED. A subject first seen is only recorded.

-- CreateTable
CREATE TABLE "SubjectGrade" (
    "uscc" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "ratedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubjectGrade_pkey" PRIMARY KEY ("uscc")
);

-- CreateTable
CREATE TABLE "GradeTrackerCursor" (
    "id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "GradeTrackerCursor_pkey" PRIMARY KEY ("id")
);
