CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"message_id" uuid,
	"kind" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" "bytea" NOT NULL,
	"file_name_enc" "bytea",
	"data_enc" "bytea" NOT NULL,
	"metadata_stripped" boolean NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachments_kind_check" CHECK ("attachments"."kind" in ('photo', 'document', 'video', 'voice', 'audio')),
	CONSTRAINT "attachments_size_check" CHECK ("attachments"."size_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_officer_id" uuid,
	"report_id" uuid,
	"action" text NOT NULL,
	"idempotency_key" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "audit_log_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "audit_log_actor_kind_check" CHECK ("audit_log"."actor_kind" in ('officer', 'reporter', 'system', 'admin', 'unknown'))
);
--> statement-breakpoint
CREATE TABLE "bot_sessions" (
	"key_hash" "bytea" PRIMARY KEY NOT NULL,
	"data_enc" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"officer_id" uuid,
	"body_enc" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "messages_kind_check" CHECK ("messages"."kind" in ('question', 'answer', 'summary', 'note'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"report_id" uuid,
	"recipient" text NOT NULL,
	"officer_id" uuid,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"telegram_message_id" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notifications_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "notifications_recipient_check" CHECK ("notifications"."recipient" in ('reporter', 'officer')),
	CONSTRAINT "notifications_status_check" CHECK ("notifications"."status" in ('pending', 'sent', 'blocked', 'failed', 'unreachable'))
);
--> statement-breakpoint
CREATE TABLE "officer_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code_hash" "bytea" NOT NULL,
	"role" text NOT NULL,
	"unit" text NOT NULL,
	"display_name" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_officer_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "officer_invites_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "officer_invites_role_check" CHECK ("officer_invites"."role" in ('reviewer', 'supervisor', 'head', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "officers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"telegram_user_id" bigint,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"unit" text NOT NULL,
	"language" text DEFAULT 'uk' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	CONSTRAINT "officers_telegram_user_id_unique" UNIQUE("telegram_user_id"),
	CONSTRAINT "officers_role_check" CHECK ("officers"."role" in ('reviewer', 'supervisor', 'head', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key_hash" "bytea" PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_code" text NOT NULL,
	"receipt_hash" "bytea" NOT NULL,
	"submission_hash" "bytea" NOT NULL,
	"unit" text NOT NULL,
	"category" text NOT NULL,
	"anonymity" text NOT NULL,
	"description_enc" "bytea" NOT NULL,
	"when_where_enc" "bytea",
	"people_enc" "bytea",
	"contact_enc" "bytea",
	"reporter_hash" "bytea",
	"reporter_chat_enc" "bytea",
	"language" text DEFAULT 'uk' NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"assignee_id" uuid,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"review_due_at" timestamp with time zone NOT NULL,
	"extended_due_at" timestamp with time zone,
	"outcome" text,
	"referred_to" text,
	"decision_summary_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"workflow_started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_case_code_unique" UNIQUE("case_code"),
	CONSTRAINT "reports_submission_hash_unique" UNIQUE("submission_hash"),
	CONSTRAINT "reports_anonymity_check" CHECK ("reports"."anonymity" in ('named', 'confidential', 'receipt_only')),
	CONSTRAINT "reports_status_check" CHECK ("reports"."status" in ('received', 'unassigned', 'awaiting_acceptance', 'in_review', 'extended', 'overdue', 'decided')),
	CONSTRAINT "reports_escalation_level_check" CHECK ("reports"."escalation_level" between 0 and 2)
);
--> statement-breakpoint
CREATE TABLE "telegram_updates" (
	"update_id" bigint PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_officer_id_officers_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_officer_id_officers_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_invites" ADD CONSTRAINT "officer_invites_used_by_officer_id_officers_id_fk" FOREIGN KEY ("used_by_officer_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_assignee_id_officers_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_decided_by_officers_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_report_idx" ON "attachments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "audit_log_report_idx" ON "audit_log" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "messages_report_idx" ON "messages" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_report_idx" ON "notifications" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "officers_unit_role_idx" ON "officers" USING btree ("unit","role");--> statement-breakpoint
CREATE INDEX "reports_reporter_hash_idx" ON "reports" USING btree ("reporter_hash");--> statement-breakpoint
CREATE INDEX "reports_assignee_status_idx" ON "reports" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "reports_unit_status_idx" ON "reports" USING btree ("unit","status");--> statement-breakpoint
CREATE INDEX "reports_unstarted_idx" ON "reports" USING btree ("created_at") WHERE "reports"."workflow_started_at" is null;