-- sqlite3: import the generated CSVs, add the status column, index like the registry does.
-- Template: @DATA@ is the directory holding schools.csv and students.csv.
CREATE TABLE schools(code TEXT PRIMARY KEY, name TEXT, stage TEXT, district TEXT);
CREATE TABLE students(id_card TEXT, name TEXT, gender TEXT, birth_date TEXT, ethnicity TEXT,
                      hukou TEXT, school TEXT, grade INTEGER, enrolled_on TEXT, migrant TEXT, left_behind TEXT);
.import --csv --skip 1 @DATA@/schools.csv schools
.import --csv --skip 1 @DATA@/students.csv students
-- Constant default: SQLite stores it in the schema, no table rewrite.
ALTER TABLE students ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
CREATE INDEX students_id_card ON students(id_card);
CREATE INDEX students_school_grade ON students(school, grade);
CREATE INDEX students_name_birth ON students(name, birth_date);
