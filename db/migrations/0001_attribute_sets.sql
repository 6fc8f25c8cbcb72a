CREATE TABLE `attribute_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`corpus_version_id` text NOT NULL,
	`run_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`path` text NOT NULL,
	`annotators_json` text NOT NULL,
	`columns_json` text DEFAULT '[]' NOT NULL,
	`tables_json` text DEFAULT '{}' NOT NULL,
	`n_docs` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`corpus_version_id`) REFERENCES `corpus_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attribute_sets_version` ON `attribute_sets` (`corpus_version_id`);