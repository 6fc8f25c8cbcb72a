CREATE TABLE `endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`base_url` text,
	`model` text DEFAULT '' NOT NULL,
	`provider` text,
	`token` text,
	`concurrency` integer DEFAULT 8 NOT NULL,
	`requests_per_second` real DEFAULT 0 NOT NULL,
	`timeout_ms` integer DEFAULT 60000 NOT NULL,
	`max_input_tokens` integer DEFAULT 1894 NOT NULL,
	`price_in_per_m` real,
	`price_out_per_m` real,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `inference_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`content_hash` text NOT NULL,
	`response` text NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inference_cache_model` ON `inference_cache` (`model`,`prompt_version`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`path` text NOT NULL,
	`run_id` text,
	`corpus_version_id` text,
	`config_json` text DEFAULT '{}' NOT NULL,
	`metrics_json` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `models_kind` ON `models` (`kind`);