CREATE TABLE `corpora` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`current_version_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `corpus_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`corpus_id` text NOT NULL,
	`version` integer NOT NULL,
	`parent_version_id` text,
	`created_by_run_id` text,
	`status` text NOT NULL,
	`path` text NOT NULL,
	`n_docs` integer DEFAULT 0 NOT NULL,
	`n_chars` integer DEFAULT 0 NOT NULL,
	`n_bytes` integer DEFAULT 0 NOT NULL,
	`columns_json` text DEFAULT '[]' NOT NULL,
	`source_counts_json` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`corpus_id`) REFERENCES `corpora`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `corpus_versions_corpus_version` ON `corpus_versions` (`corpus_id`,`version`);--> statement-breakpoint
CREATE TABLE `run_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`task_id` text,
	`ts` integer NOT NULL,
	`level` text NOT NULL,
	`kind` text NOT NULL,
	`message` text NOT NULL,
	`data_json` text,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `run_events_run` ON `run_events` (`run_id`,`id`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`config_json` text NOT NULL,
	`corpus_id` text,
	`input_version_id` text,
	`output_version_id` text,
	`items_total` integer DEFAULT 0 NOT NULL,
	`items_done` integer DEFAULT 0 NOT NULL,
	`bytes_total` integer DEFAULT 0 NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`summary_json` text DEFAULT '{}' NOT NULL,
	`error` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `runs_created` ON `runs` (`created_at`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`);--> statement-breakpoint
CREATE TABLE `shards` (
	`id` text PRIMARY KEY NOT NULL,
	`corpus_version_id` text NOT NULL,
	`idx` integer NOT NULL,
	`path` text NOT NULL,
	`n_docs` integer NOT NULL,
	`n_bytes` integer NOT NULL,
	FOREIGN KEY (`corpus_version_id`) REFERENCES `corpus_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shards_version_idx` ON `shards` (`corpus_version_id`,`idx`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`idx` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 3 NOT NULL,
	`depends_on_json` text DEFAULT '[]' NOT NULL,
	`input_json` text DEFAULT '{}' NOT NULL,
	`output_json` text,
	`lease_owner` text,
	`lease_expires_at` integer,
	`items_done` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_run` ON `tasks` (`run_id`);--> statement-breakpoint
CREATE INDEX `tasks_claim` ON `tasks` (`status`,`lease_expires_at`);