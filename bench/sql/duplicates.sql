-- Likely duplicates (R17): same name, birth date and gender under different records; list the rows.
SELECT s.id_card, s.name, s.gender, s.birth_date, s.school, s.grade
FROM students s
JOIN (SELECT name, birth_date, gender FROM students
      GROUP BY name, birth_date, gender HAVING count(*) > 1) d
  ON s.name = d.name AND s.birth_date = d.birth_date AND s.gender = d.gender
ORDER BY s.name, s.birth_date, s.gender, s.id_card;
