-- Rating grade changes (issue 14): the last grade the tracker saw per enterprise, and its cursor in the
-- change log. A grade that moves is logged RATING_CHANGED. A subject first seen is only recorded.

-- CreateTable
CREATE TABLE "SubjectGrade" (
    "uscc" TEXT NOT NULL PRIMARY KEY,
    "grade" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "ratedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GradeTrackerCursor" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seq" INTEGER NOT NULL
);
