-- A parcel refused at the counter under the postal rules (issue 11): a
-- prohibited article that is not wildlife, such as a lithium power bank.
-- It is decided (status 'refused_postal', decision refuse_postal) but it
-- opens no case, prints no slip and is never counted as a wildlife
-- refusal. SQLite cannot alter a CHECK constraint, and rebuilding the
-- table would cascade deletes into its keys and photos, so the
-- constraint's text is widened in place (the procedure SQLite documents
-- for changing a CHECK constraint that existing rows still satisfy), and
-- the schema cookie is moved on so every connection reloads it.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (status IN (''draft'', ''cleared'', ''held'', ''refused''))',
                          'CHECK (status IN (''draft'', ''cleared'', ''held'', ''refused'', ''refused_postal''))')
 WHERE type = 'table' AND name = 'inspections';
PRAGMA writable_schema = OFF;
