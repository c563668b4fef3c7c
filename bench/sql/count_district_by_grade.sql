-- Template: @DISTRICT@ is a 6-digit district code present in the data (first 6 digits of a school code).
SELECT grade, count(*) FROM students WHERE substr(school, 1, 6) = '@DISTRICT@' GROUP BY grade ORDER BY grade;
