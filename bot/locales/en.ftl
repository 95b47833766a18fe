## Anticor bot — English. Messages are Telegram HTML: escape &, < and > as &amp; &lt; &gt;.

## Front door

welcome =
    👋 <b>Anticor — report corruption safely.</b>

    Here you can tell the Ministry about bribery, abuse of office or other corruption by its staff.
    • Your report is <b>encrypted</b> and seen only by the officer who reviews it.
    • You choose how anonymous to be — you can report without giving your name.
    • By law you get an answer within <b>15 days</b> (at most 30 if the review is extended), and we tell you when the case moves.
menu-title = What would you like to do?
menu-report = 📝 Report corruption
menu-status = 🔎 Check a report with its receipt
menu-my = 📂 My reports
menu-about = 🛡 Your protection and rights
menu-language = 🌐 Мова / Language
menu-queue = 📋 My case queue
help-text =
    <b>How this bot works</b>
    /report — file a new report (takes a few minutes)
    /status — check a report with its case code and receipt
    /my — reports filed from this chat
    /about — your rights and what stays confidential
    /language — change the language
    /cancel — stop what you are doing
unhandled-hint = I did not understand that. Choose an action below.
command-unknown = I do not know this command.
cancel-nothing = There is nothing to cancel.
cancel-done = Cancelled.
error-generic = Sorry, something went wrong on our side. Your data is safe; please try again in a minute.
rate-limited = You are sending messages too fast. Please wait { $seconds } s and try again.
button-unknown = This button is no longer valid.

## Commands (shown in Telegram's menu)

command-report = File a corruption report
command-status = Check a report by code and receipt
command-my = My reports
command-about = Your protection and rights
command-language = Change the language
command-cancel = Cancel the current action
command-help = How this bot works
command-queue = My case queue

## Language

language-choose = Choose your language:
language-set = Language: English.

## About

about-text =
    <b>Your protection</b>

    <b>The law protects whistleblowers.</b> The Law of Ukraine "On Prevention of Corruption" guarantees confidentiality, protection from dismissal and pressure, and the right to know the outcome of your report.

    <b>The deadline.</b> Your report is reviewed within <b>15 days</b> of receipt. If more time is needed, the review can be extended once, to at most <b>30 days</b> — and you are told.

    <b>What stays confidential.</b> Your text, files and messages are encrypted. The officer reviewing the case never sees your Telegram account, name or phone number (unless you choose to give your contact). You can also report with a receipt only: then we keep no link to your account at all.

    <b>What we cannot hide.</b> Telegram itself knows that your account talks to this bot. Photos you send as files, documents and videos may contain hidden data (the device, the time, sometimes the location): send photos as photos, and read our warning before sending other files.

## Report dialog

report-intro =
    <b>New report.</b> I will ask a few short questions. You can stop at any time with /cancel, and nothing you type is lost if you come back later.
    Your answer is due within { $days } days of submission.
report-progress = <i>Step { $n } of { $total }</i>
report-step-anonymity =
    <b>How would you like to report?</b>

    👤 <b>With my name</b> — you give a contact; the officer may contact you directly.
    🔒 <b>Confidential</b> — the officer does not see who you are; we write to you here, in this chat.
    🧾 <b>Receipt only</b> — no link to your account is kept; you check the result with a secret receipt.
anonymity-named = 👤 With my name and contact
anonymity-confidential = 🔒 Confidential (recommended)
anonymity-receipt_only = 🧾 Receipt only, fully anonymous
anonymity-named-chosen = You chose to report with your name.
anonymity-confidential-chosen = You chose confidential: your identity stays hidden from the officer.
anonymity-receipt_only-chosen = You chose receipt only: after submitting you get a secret receipt. <b>Save it</b> — it is the only way to learn the result.
report-step-contact = How should the officer contact you? Write your name and a phone number or e-mail.
report-contact-invalid = Please write a name and a phone number or e-mail (up to { $max } characters).
report-step-unit = <b>Which body does the report concern?</b>
unit-police = National Police
unit-migration = State Migration Service
unit-border = State Border Guard Service
unit-emergency = State Emergency Service
unit-guard = National Guard
unit-service-centres = Service centres of the Ministry
unit-ministry = The Ministry's central office
unit-other = Other / not sure
report-step-category = <b>What kind of wrongdoing is it?</b>
category-bribery = Bribe (demanded or taken)
category-abuse-of-office = Abuse of office
category-procurement = Procurement fraud
category-conflict-of-interest = Conflict of interest
category-misuse-of-funds = Misuse of public funds or property
category-other = Something else
report-step-description =
    <b>What happened?</b> Describe it in your own words. Please include:
    • <b>who</b> (position, name or number if you know them),
    • <b>what</b> they did or demanded,
    • <b>when</b> and <b>where</b> it happened.
    At least { $min } characters.
report-description-short = That is only { $length } characters. Please add the facts needed to check the report: <b>who</b>, <b>what</b>, <b>when</b>, <b>where</b> (at least { $min } characters).
report-text-long = That is { $length } characters; the limit here is { $max }. Please shorten it, or send the rest as a document at the evidence step.
report-step-when-where = <b>When and where did it happen?</b> Dates, addresses, office numbers. You can skip this step.
report-step-people = <b>Who else was involved or saw it?</b> Names, positions, witnesses. You can skip this step.
report-skip = Skip ➡️
report-step-evidence =
    <b>Evidence.</b> Send photos, documents, video or voice messages — several if you have them (up to { $max } files, { $mb } MB each).
    When you are done, press the button.
report-evidence-done = ✅ Done with files
report-evidence-none = ➡️ No files, continue
report-evidence-text-hint = At this step I expect files. Send a photo or document, or press the button to continue.
report-evidence-unsupported = This kind of message cannot be attached as evidence. Send photos, documents, video or voice messages.
report-file-added = 📎 File received ({ $n } of { $max }). Send more or press "Done".
report-file-not-now = Files can be attached at the evidence step — we will get there shortly.
report-file-too-many = You have attached the maximum of { $max } files.
report-file-too-big = This file is too large: the limit is { $mb } MB. Try a smaller file or a compressed video.
report-file-type = Files of type { $type } cannot be accepted. Send a photo, PDF, office document, video or audio.
report-file-metadata-warning =
    ⚠️ <b>Careful: this file may contain hidden information about you</b> — the author, the device, the time, sometimes the location. We cannot remove it from this type of file.
    If that worries you, remove the file and send a screenshot or a photo of it instead.
report-file-keep = Keep it, I understand
report-file-drop = Remove this file
report-file-dropped = The file was removed.
report-file-decide-first = First choose whether to keep the previous file (the buttons above).
report-wrong-kind = At this step I need text or a choice from the buttons.
report-use-buttons = Please choose one of the buttons.
report-stale-button = This button belongs to an earlier step.
report-no-draft = There is no report in progress. Press "Report corruption" to start.
report-review =
    <b>Please check your report</b>

    <b>Mode:</b> { $anonymity }
    <b>Contact:</b> { $contact }
    <b>Body:</b> { $unit }
    <b>Kind:</b> { $category }
    <b>What happened:</b> { $description }
    <b>When and where:</b> { $whenWhere }
    <b>Involved:</b> { $people }
    <b>Files:</b> { $files }
report-review-none = —
report-submit = ✅ Submit the report
report-edit = ✏️ Change something
report-discard = 🗑 Discard
report-edit-which = What would you like to change?
report-edit-anonymity = Mode
report-edit-contact = Contact
report-edit-unit = Body
report-edit-category = Kind
report-edit-description = What happened
report-edit-when-where = When and where
report-edit-people = Involved
report-edit-evidence = Files
report-resume-offer = You have an unfinished report. Continue it or start over?
report-resume = ▶️ Continue
report-restart = 🔄 Start over
report-discard-confirm = Discard this report? What you typed will be deleted.
report-discard-yes = Yes, discard
report-discard-no = No, continue
report-discarded = The draft was deleted.
report-continuing = Let us continue.
report-incomplete = Something is still missing — please fill in this step.
report-submitting = ⏳ Submitting your report…
report-files-unavailable = I could not fetch one of your files from Telegram. Please try to submit again, or remove that file.
report-rate-limited = You have sent many reports today. To protect the channel from abuse, please try again in { $hours } h.
report-submitted =
    ✅ <b>Your report is registered.</b>
    Case code: <code>{ $code }</code>
    You will get an answer by <b>{ $date }</b>.
report-receipt =
    🔑 Your secret receipt: <code>{ $receipt }</code>
    With the case code and this receipt you can check the report from any account (/status). We will also write to you here.
report-receipt-only =
    🔑 <b>Your secret receipt: <code>{ $receipt }</code></b>
    <b>Save it now</b> (write it down or keep it somewhere safe): it is shown only once, and we keep no link to your account. To learn the result, press /status and enter the case code <code>{ $code }</code> and this receipt.
report-already-submitted = This report has already been submitted: case <code>{ $code }</code>.
report-already-submitted-alert = This report has already been submitted: { $code }.

## Status and my reports

status-ask-code = Send the <b>case code</b>, for example <code>AC-7K4M-9QXT</code>.
status-ask-receipt = Now send your <b>secret receipt</b> (20 characters; spaces and dashes do not matter).
status-code-invalid = That does not look like a case code. It looks like <code>AC-7K4M-9QXT</code>.
status-not-recognised = The case code or the receipt is not correct.
status-try-again = Try again
status-too-many-attempts = Too many attempts. Please try again in { $minutes } min.
status-not-found = This report was not found.
status-not-yours = You cannot open this report from this chat.
status-title = <b>Case { $code }</b>
status-received = Received: { $date }
status-due = Answer due by: <b>{ $date }</b>
status-may-extend = (If more time is needed, the review may be extended to { $date } — you will be told.)
status-outcome = <b>Outcome:</b> { $outcome }
status-question-open = ❓ <b>The officer asks:</b> { $question }
status-question-answered = The officer asked: { $question } (you have answered)
my-reports-title = <b>Your reports ({ $count })</b>
my-reports-line = <code>{ $code }</code> — { $status }{ $decided ->
        [yes] {""}
       *[no] , due { $date }
    }
my-reports-empty = There are no reports linked to this chat. Reports filed with a receipt only are not listed — check them with the code and receipt.
reporter-phase-received = Registered, an officer is being assigned.
reporter-phase-unassigned = Registered, an officer is being assigned.
reporter-phase-awaiting_acceptance = Registered, an officer is being assigned.
reporter-phase-in_review = Under review.
reporter-phase-extended = Under review; the review was extended.
reporter-phase-overdue = Under review. The due date has passed, so the case has been escalated to the head of the department.
reporter-phase-decided = Decided.

## Answers to officers' questions

button-answer = ✍️ Answer
answer-prompt = Write your answer about case <code>{ $code }</code> (text, a photo or a document). It is passed to the officer without your name.
answer-sent = ✅ Your answer was passed on.
answer-more = ✍️ Add another answer
answer-not-allowed = You cannot answer for this report from this chat. Open it first with /status (code and receipt).
answer-case-closed = This case is already decided.
answer-wrong-kind = Please answer with text, a photo or a document.
answer-file-metadata = ⚠️ This type of file may contain hidden data about you (the author, the device, the location). Please send a photo or a screenshot of it instead, or describe it in text.

## Notices to the whistleblower

notice-reporter-received =
    📬 Your report <code>{ $code }</code> has been received for review.
    By law you get an answer by <b>{ $date }</b>.
notice-reporter-extended =
    ⏳ The review of your report <code>{ $code }</code> has been extended, as the law allows.
    The new due date is <b>{ $date }</b>.
notice-reporter-question =
    ❓ The officer reviewing report <code>{ $code }</code> asks:

    { $question }

    Press "Answer" to reply. Your name is not passed on.
notice-reporter-decided =
    📄 <b>The decision on your report <code>{ $code }</code>:</b> { $outcome }
    { $referred }
    { $summary }
notice-reporter-referred = The materials were sent to: { $body }.
outcome-substantiated = the facts were confirmed
outcome-not_substantiated = the facts were not confirmed
outcome-referred = referred to a competent body
outcome-no_grounds = left without consideration (no verifiable facts)
body-nabu = the National Anti-Corruption Bureau (NABU)
body-sbi = the State Bureau of Investigation (SBI)
body-nazk = the National Agency on Corruption Prevention (NAZK)
body-police = the National Police

## Officers: joining

invite-welcome = Welcome, { $name }! You are now registered as { $role } ({ $unit }). New cases will arrive here. Your queue: /queue
invite-unknown = This invite link is not valid. Ask your administrator for a new one.
invite-used = This invite link has already been used. Ask your administrator for a new one.
invite-expired = This invite link has expired. Ask your administrator for a new one.
invite-already-officer = This Telegram account is already registered as an officer.
role-reviewer = a reviewing officer
role-supervisor = a supervisor
role-head = the head of the department
role-admin = an administrator
officer-only = This is for officers only.

## Officers: queue and case card

queue-title = <b>Open cases: { $count }</b> (overdue: { $overdue }) — page { $page }/{ $pages }
queue-empty = No open cases. 🎉
queue-item = { $overdue ->
        [yes] ⚠️
       *[no] 📁
    } { $code } · { $phase } · due { $date }
queue-prev = ⬅️ Back
queue-next = Next ➡️
card-title = 📁 <b>Case { $code }</b>
card-unit = { $unit } · { $category }
card-received = Received: { $date }
card-due = Due: <b>{ $date }</b> (with an extension: { $final })
card-due-extended = Due (extended): <b>{ $date }</b> (originally { $original })
card-phase = Phase: { $phase }
card-overdue-mark = ⚠️ overdue
card-assignee = Assigned to: { $name }
card-counts = Files: { $files } · Messages with the whistleblower: { $messages }
card-outcome = Outcome: { $outcome }
card-referred = Referred to: { $body }
phase-unassigned = waiting for an officer
phase-awaiting_acceptance = waiting for acceptance
phase-in_review = under review
phase-extended = under review (extended)
phase-overdue = overdue
phase-decided = decided
phase-short-unassigned = unassigned
phase-short-awaiting_acceptance = to accept
phase-short-in_review = in review
phase-short-extended = extended
phase-short-overdue = overdue
phase-short-decided = decided
content-header = 📄 <b>Report { $code }</b>
content-description = ▪️ What happened:
content-when-where = ▪️ When and where:
content-people = ▪️ Involved:
content-question = ❓ Question to the whistleblower:
content-answer = 💬 Answer of the whistleblower:
content-files-only = (files only)
evidence-caption = Evidence { $n }/{ $total } · { $code }
reply-file-caption = File from the whistleblower · { $code }
button-accept = ✅ Accept
button-decline = ↩️ Decline (conflict of interest)
button-requestInfo = ❓ Ask the whistleblower
button-extend = ⏳ Extend to 30 days
button-decide = ⚖️ Decide
button-reassign = 🔁 Reassign
button-refresh = 🔄 Refresh
button-files = 📎 Evidence ({ $n })
button-back = ⬅️ Back to the case
button-confirm-decision = ✅ Confirm the decision
reassign-auto = 🤖 Least-loaded reviewer
reassign-to = { $name } ({ $open } open)

## Officers: multi-step actions

officer-ask-decline = Case <code>{ $code }</code>: describe the conflict of interest (why you cannot review this case). The supervisor will see it.
officer-ask-extend = Case <code>{ $code }</code>: why is more time needed? The reason is kept in the case file.
officer-ask-question = Case <code>{ $code }</code>: write your question to the whistleblower. It is passed on anonymously.
officer-ask-summary = Case <code>{ $code }</code>: write the summary the whistleblower will receive with the decision.
officer-choose-outcome = Case <code>{ $code }</code>: choose the outcome.
officer-choose-body = Which competent body is the case referred to?
officer-choose-reviewer = Case <code>{ $code }</code>: who should review it?
officer-confirm-decision =
    <b>Confirm the decision on case <code>{ $code }</code></b>
    Outcome: { $outcome }
    Referred to: { $body }
    Summary for the whistleblower:
    { $summary }
officer-text-only = Please answer with text.
officer-text-length = Please write between { $min } and { $max } characters.
action-done-accept = Accepted. Due { $date }.
action-done-decline = Declined. The case goes to another officer.
action-done-extend = Extended to { $date }. The whistleblower is told.
action-done-requestInfo = Your question was passed on.
action-done-decide = The decision is recorded; the whistleblower is told.
action-done-reassign = Reassigned.

## Officers: refusals

rejection-generic = This action is not possible now.
rejection-not-assigned = This case is assigned to another officer.
rejection-not-permitted = Your role does not allow this action.
rejection-other-unit = This case belongs to another unit.
rejection-already-accepted = The case is already accepted.
rejection-not-accepted-yet = Accept the case first.
rejection-already-extended = The case has already been extended once; the law allows no more.
rejection-past-final-due = The final due date has passed; it can no longer be extended.
rejection-already-decided = This case is already decided.
rejection-missing-reason = A reason is required.
rejection-missing-summary = A summary for the whistleblower is required.
rejection-missing-question = The question is empty.
rejection-missing-competent-body = Choose the body the case is referred to.
rejection-unexpected-competent-body = A competent body is named only for a referral.
rejection-unknown-outcome = Unknown outcome.
rejection-same-officer = The case is already assigned to this officer.
rejection-no-assignee = Nobody is assigned to this case yet.
rejection-target-not-eligible = This officer cannot take the case (not an active reviewer of this unit).
rejection-case-closed = This case is closed.
rejection-not-confirmed = Not confirmed: the system is busy. Check the case in a minute before pressing again.
rejection-forged = This button is not valid.
rejection-stale = This button is out of date. The case card is refreshed.
rejection-not-an-officer = Only officers can use this button.
rejection-not-your-case = This case is not yours.

## Notices to officers (headlines of the case card)

notice-officer-assigned = 📥 A new case for you: { $code }. Please accept it or decline it soon: if nobody accepts in time, it moves on to another officer.
notice-officer-case-moved-away = The case { $code } has been handed to another officer.
notice-officer-reminder = ⏰ Reminder: case { $code } is due { $date }.
notice-officer-decide-or-extend = ⏰ The review period of case { $code } ends today. Decide, or extend it with a reason.
notice-officer-auto-extended = ⏳ Case { $code } was extended automatically to { $date }; the whistleblower is told and the supervisor informed.
notice-officer-escalated-overdue = 🚨 Case { $code } is overdue (final due date passed). The head of the department is informed.
notice-officer-overdue-repeat = 🚨 Case { $code } is still overdue. A decision is needed.
notice-officer-reporter-replied = 💬 The whistleblower answered in case { $code }.
notice-officer-decided-by-lead = Case { $code } was decided by a supervisor.
notice-officer-nobody-available = ⚠️ Case { $code }: no reviewer is available. Please reassign it.
notice-officer-officer-declined = ↩️ { $name } declined case { $code } (conflict of interest). It goes to the next reviewer.
notice-officer-officer-no-answer = ⌛ { $name } did not accept case { $code } in time. It goes to the next reviewer.
notice-officer-escalated-auto-extended = ⚠️ Case { $code } passed its review period without a decision; it was extended automatically to { $date }.
notice-officer-reply-text = 💬 Answer of the whistleblower in case <code>{ $code }</code>:

    { $text }
notice-officer-decline-reason = Reason given by { $name } for declining case <code>{ $code }</code>: { $reason }
