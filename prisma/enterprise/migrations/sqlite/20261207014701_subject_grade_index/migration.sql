-- CreateIndex
CREATE INDEX "SubjectGrade_grade_idx" ON "SubjectGrade"("grade");
