SELECT school, count(*) FROM students GROUP BY school ORDER BY school;
