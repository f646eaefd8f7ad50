-- One slip number per referral (issue 13). A case has one current slip;
-- printing, saving a copy or choosing another language renders that same
-- slip again. A correction is an explicit re-issue: a new number whose
-- row names the slip it supersedes, so Verify of the old code can say
-- which number replaced it.
ALTER TABLE slips ADD COLUMN supersedes     TEXT NOT NULL DEFAULT '';  -- number of the slip this one replaces
ALTER TABLE slips ADD COLUMN reissue_reason TEXT NOT NULL DEFAULT '';  -- the supervisor's words for a re-issue

-- Before this, every Save as… issued a new number for the same case: the
-- later ones are read as re-issues of the one before, so the newest stays
-- the case's current slip and Verify of an older one names it.
UPDATE slips SET supersedes = COALESCE((SELECT p.number FROM slips p
    WHERE p.case_id = slips.case_id AND p.id < slips.id ORDER BY p.id DESC LIMIT 1), '');

CREATE INDEX slips_supersedes ON slips (supersedes) WHERE supersedes != '';
