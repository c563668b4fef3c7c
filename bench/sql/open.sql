-- Open the saved database and give the first answer.
SELECT count(*) FROM students;
