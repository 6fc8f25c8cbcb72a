ALTER TABLE `recipe_versions` ADD `corpus_version_id` text;--> statement-breakpoint
CREATE INDEX `recipe_versions_corpus_version` ON `recipe_versions` (`corpus_version_id`);--> statement-breakpoint
-- Existing recipes are pinned to the version they name, else to their corpus's version current now.
UPDATE `recipe_versions` SET `corpus_version_id` = coalesce(
  json_extract(`recipe_json`, '$.versionId'),
  (SELECT `corpora`.`current_version_id` FROM `recipes` JOIN `corpora` ON `corpora`.`id` = `recipes`.`corpus_id` WHERE `recipes`.`id` = `recipe_versions`.`recipe_id`)
);--> statement-breakpoint
UPDATE `recipe_versions` SET `recipe_json` = json_set(`recipe_json`, '$.versionId', `corpus_version_id`)
WHERE `corpus_version_id` IS NOT NULL AND json_extract(`recipe_json`, '$.versionId') IS NULL;
