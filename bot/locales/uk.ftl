## Бот «Антикор» — українська. Повідомлення у форматі Telegram HTML: &, < і > пишіть як &amp; &lt; &gt;.

## Вхід

welcome =
    👋 <b>Антикор — повідомте про корупцію безпечно.</b>

    Тут можна повідомити Міністерству про хабарі, зловживання службовим становищем чи іншу корупцію його працівників.
    • Ваше повідомлення <b>зашифроване</b>, його бачить лише посадовець, який його розглядає.
    • Ви самі обираєте рівень анонімності — можна повідомити, не називаючи себе.
    • За законом відповідь надається протягом <b>15 днів</b> (не більше 30, якщо розгляд продовжено), і ми повідомляємо вас про кожен крок.
menu-title = Що бажаєте зробити?
menu-report = 📝 Повідомити про корупцію
menu-status = 🔎 Перевірити повідомлення за квитанцією
menu-my = 📂 Мої повідомлення
menu-about = 🛡 Ваш захист і права
menu-language = 🌐 Мова / Language
menu-queue = 📋 Мої справи
help-text =
    <b>Як працює бот</b>
    /report — подати нове повідомлення (кілька хвилин)
    /status — перевірити повідомлення за кодом справи і квитанцією
    /my — повідомлення, подані з цього чату
    /about — ваші права і що залишається конфіденційним
    /language — змінити мову
    /cancel — зупинити поточну дію
unhandled-hint = Я не зрозумів. Оберіть дію нижче.
command-unknown = Такої команди я не знаю.
cancel-nothing = Немає чого скасовувати.
cancel-done = Скасовано.
error-generic = Вибачте, у нас сталася помилка. Ваші дані в безпеці; спробуйте ще раз за хвилину.
rate-limited = Ви надсилаєте повідомлення надто швидко. Зачекайте { $seconds } с і спробуйте знову.
button-unknown = Ця кнопка вже недійсна.

## Команди (у меню Telegram)

command-report = Подати повідомлення про корупцію
command-status = Перевірити повідомлення за кодом і квитанцією
command-my = Мої повідомлення
command-about = Ваш захист і права
command-language = Змінити мову
command-cancel = Скасувати поточну дію
command-help = Як працює бот
command-queue = Мої справи

## Мова

language-choose = Оберіть мову:
language-set = Мова: українська.

## Про захист

about-text =
    <b>Ваш захист</b>

    <b>Закон захищає викривачів.</b> Закон України «Про запобігання корупції» гарантує конфіденційність, захист від звільнення і тиску та право знати результат розгляду вашого повідомлення.

    <b>Строк.</b> Повідомлення розглядається протягом <b>15 днів</b> від отримання. Якщо потрібно більше часу, розгляд можна один раз продовжити — не більше ніж до <b>30 днів</b>, і вас про це повідомлять.

    <b>Що залишається конфіденційним.</b> Ваш текст, файли і повідомлення зашифровані. Посадовець, який розглядає справу, не бачить вашого акаунта Telegram, імені чи номера телефону (якщо ви самі не залишили контакт). Можна також повідомити лише з квитанцією: тоді ми взагалі не зберігаємо зв'язку з вашим акаунтом.

    <b>Чого ми не можемо приховати.</b> Сам Telegram знає, що ваш акаунт спілкується з цим ботом. Фото, надіслані як файли, документи та відео можуть містити приховані дані (пристрій, час, іноді місце): надсилайте фото як фото і читайте наше попередження перед надсиланням інших файлів.

## Подання повідомлення

report-intro =
    <b>Нове повідомлення.</b> Я поставлю кілька коротких запитань. Зупинитися можна будь-коли командою /cancel, а написане не загубиться, якщо ви повернетеся пізніше.
    Відповідь надається протягом { $days } днів від подання.
report-progress = <i>Крок { $n } з { $total }</i>
report-step-anonymity =
    <b>Як ви бажаєте повідомити?</b>

    👤 <b>Від свого імені</b> — ви залишаєте контакт; посадовець може зв'язатися з вами напряму.
    🔒 <b>Конфіденційно</b> — посадовець не бачить, хто ви; ми пишемо вам тут, у цьому чаті.
    🧾 <b>Лише з квитанцією</b> — жодного зв'язку з вашим акаунтом не зберігається; результат ви дізнаєтеся за секретною квитанцією.
anonymity-named = 👤 Від свого імені, з контактом
anonymity-confidential = 🔒 Конфіденційно (рекомендовано)
anonymity-receipt_only = 🧾 Лише квитанція, повна анонімність
anonymity-named-chosen = Ви обрали повідомлення від свого імені.
anonymity-confidential-chosen = Ви обрали конфіденційний режим: посадовець не бачитиме, хто ви.
anonymity-receipt_only-chosen = Ви обрали режим «лише квитанція»: після подання ви отримаєте секретну квитанцію. <b>Збережіть її</b> — це єдиний спосіб дізнатися результат.
report-step-contact = Як посадовцю з вами зв'язатися? Напишіть ім'я і номер телефону або e-mail.
report-contact-invalid = Напишіть ім'я і номер телефону або e-mail (до { $max } символів).
report-step-unit = <b>Якого органу стосується повідомлення?</b>
unit-police = Національна поліція
unit-migration = Державна міграційна служба
unit-border = Державна прикордонна служба
unit-emergency = Державна служба з надзвичайних ситуацій
unit-guard = Національна гвардія
unit-service-centres = Сервісні центри МВС
unit-ministry = Апарат Міністерства
unit-other = Інше / не знаю
report-step-category = <b>Яке це порушення?</b>
category-bribery = Хабар (вимагання чи отримання)
category-abuse-of-office = Зловживання службовим становищем
category-procurement = Порушення у закупівлях
category-conflict-of-interest = Конфлікт інтересів
category-misuse-of-funds = Нецільове використання коштів чи майна
category-other = Інше
report-step-description =
    <b>Що сталося?</b> Опишіть своїми словами. Будь ласка, вкажіть:
    • <b>хто</b> (посада, ім'я чи номер, якщо знаєте),
    • <b>що</b> зробив чи вимагав,
    • <b>коли</b> і <b>де</b> це сталося.
    Щонайменше { $min } символів.
report-description-short = Це лише { $length } символів. Додайте факти, потрібні для перевірки: <b>хто</b>, <b>що</b>, <b>коли</b>, <b>де</b> (щонайменше { $min } символів).
report-text-long = Це { $length } символів, а тут можна до { $max }. Скоротіть текст або надішліть решту документом на кроці з доказами.
report-step-when-where = <b>Коли і де це сталося?</b> Дати, адреси, номери кабінетів. Цей крок можна пропустити.
report-step-people = <b>Хто ще був причетний чи бачив?</b> Імена, посади, свідки. Цей крок можна пропустити.
report-skip = Пропустити ➡️
report-step-evidence =
    <b>Докази.</b> Надішліть фото, документи, відео чи голосові повідомлення — кілька, якщо маєте (до { $max } файлів, до { $mb } МБ кожен).
    Коли закінчите, натисніть кнопку.
report-evidence-done = ✅ Файли додано
report-evidence-none = ➡️ Без файлів, далі
report-evidence-text-hint = На цьому кроці я чекаю на файли. Надішліть фото чи документ або натисніть кнопку, щоб продовжити.
report-evidence-unsupported = Таке повідомлення не можна додати як доказ. Надсилайте фото, документи, відео чи голосові повідомлення.
report-file-added = 📎 Файл отримано ({ $n } з { $max }). Надішліть ще або натисніть «Файли додано».
report-file-not-now = Файли можна додати на кроці з доказами — ми скоро до нього дійдемо.
report-file-too-many = Ви вже додали максимум — { $max } файлів.
report-file-too-big = Файл завеликий: можна до { $mb } МБ. Спробуйте менший файл або стиснуте відео.
report-file-type = Файли типу { $type } не приймаються. Надішліть фото, PDF, офісний документ, відео чи аудіо.
report-file-metadata-warning =
    ⚠️ <b>Обережно: цей файл може містити приховані дані про вас</b> — автора, пристрій, час, іноді місце. З такого типу файлів ми не можемо їх видалити.
    Якщо це вас турбує, видаліть файл і надішліть натомість знімок екрана чи фото.
report-file-keep = Залишити, я розумію
report-file-drop = Видалити цей файл
report-file-dropped = Файл видалено.
report-file-decide-first = Спершу оберіть, чи залишити попередній файл (кнопки вище).
report-wrong-kind = На цьому кроці потрібен текст або вибір кнопкою.
report-use-buttons = Будь ласка, оберіть одну з кнопок.
report-stale-button = Ця кнопка з попереднього кроку.
report-no-draft = Немає повідомлення в роботі. Натисніть «Повідомити про корупцію», щоб почати.
report-review =
    <b>Перевірте ваше повідомлення</b>

    <b>Режим:</b> { $anonymity }
    <b>Контакт:</b> { $contact }
    <b>Орган:</b> { $unit }
    <b>Порушення:</b> { $category }
    <b>Що сталося:</b> { $description }
    <b>Коли і де:</b> { $whenWhere }
    <b>Причетні:</b> { $people }
    <b>Файли:</b> { $files }
report-review-none = —
report-submit = ✅ Надіслати повідомлення
report-edit = ✏️ Щось змінити
report-discard = 🗑 Видалити
report-edit-which = Що ви бажаєте змінити?
report-edit-anonymity = Режим
report-edit-contact = Контакт
report-edit-unit = Орган
report-edit-category = Порушення
report-edit-description = Що сталося
report-edit-when-where = Коли і де
report-edit-people = Причетні
report-edit-evidence = Файли
report-resume-offer = У вас є незавершене повідомлення. Продовжити його чи почати заново?
report-resume = ▶️ Продовжити
report-restart = 🔄 Почати заново
report-discard-confirm = Видалити це повідомлення? Усе написане буде стерто.
report-discard-yes = Так, видалити
report-discard-no = Ні, продовжити
report-discarded = Чернетку видалено.
report-continuing = Продовжуймо.
report-incomplete = Дечого ще бракує — заповніть, будь ласка, цей крок.
report-submitting = ⏳ Надсилаю ваше повідомлення…
report-files-unavailable = Не вдалося отримати один із ваших файлів від Telegram. Спробуйте надіслати ще раз або видаліть цей файл.
report-rate-limited = Сьогодні ви вже надіслали багато повідомлень. Щоб захистити канал від зловживань, спробуйте знову за { $hours } год.
report-submitted =
    ✅ <b>Ваше повідомлення зареєстровано.</b>
    Код справи: <code>{ $code }</code>
    Відповідь ви отримаєте до <b>{ $date }</b>
report-receipt =
    🔑 Ваша секретна квитанція: <code>{ $receipt }</code>
    З кодом справи і цією квитанцією можна перевірити повідомлення з будь-якого акаунта (/status). Ми також писатимемо вам тут.
report-receipt-only =
    🔑 <b>Ваша секретна квитанція: <code>{ $receipt }</code></b>
    <b>Збережіть її зараз</b> (запишіть або збережіть у надійному місці): вона показується лише один раз, і ми не зберігаємо зв'язку з вашим акаунтом. Щоб дізнатися результат, натисніть /status і введіть код справи <code>{ $code }</code> та цю квитанцію.
report-already-submitted = Це повідомлення вже надіслано: справа <code>{ $code }</code>.
report-already-submitted-alert = Це повідомлення вже надіслано: { $code }.

## Стан і мої повідомлення

status-ask-code = Надішліть <b>код справи</b>, наприклад <code>AC-7K4M-9QXT</code>.
status-ask-receipt = Тепер надішліть вашу <b>секретну квитанцію</b> (20 символів; пробіли і дефіси не важливі).
status-code-invalid = Це не схоже на код справи. Він має такий вигляд: <code>AC-7K4M-9QXT</code>.
status-not-recognised = Код справи або квитанція неправильні.
status-try-again = Спробувати ще
status-too-many-attempts = Забагато спроб. Спробуйте знову за { $minutes } хв.
status-not-found = Повідомлення не знайдено.
status-not-yours = З цього чату не можна відкрити це повідомлення.
status-title = <b>Справа { $code }</b>
status-received = Отримано: { $date }
status-due = Відповідь до: <b>{ $date }</b>
status-may-extend = (Якщо потрібно більше часу, розгляд можуть продовжити до { $date } — вас повідомлять.)
status-outcome = <b>Результат:</b> { $outcome }
status-question-open = ❓ <b>Посадовець запитує:</b> { $question }
status-question-answered = Посадовець запитував: { $question } (ви відповіли)
my-reports-title = <b>Ваші повідомлення ({ $count })</b>
my-reports-line = <code>{ $code }</code> — { $status }{ $decided ->
        [yes] {""}
       *[no] , строк до { $date }
    }
my-reports-empty = З цим чатом не пов'язано жодного повідомлення. Повідомлення, подані лише з квитанцією, тут не показуються — перевіряйте їх за кодом і квитанцією.
reporter-phase-received = Зареєстровано, призначається посадовець.
reporter-phase-unassigned = Зареєстровано, призначається посадовець.
reporter-phase-awaiting_acceptance = Зареєстровано, призначається посадовець.
reporter-phase-in_review = Розглядається.
reporter-phase-extended = Розглядається; строк розгляду продовжено.
reporter-phase-overdue = Розглядається. Строк минув, тому справу передано керівнику підрозділу.
reporter-phase-decided = Рішення ухвалено.

## Відповіді на запитання посадовців

button-answer = ✍️ Відповісти
answer-prompt = Напишіть відповідь щодо справи <code>{ $code }</code> (текст, фото чи документ). Її буде передано посадовцю без вашого імені.
answer-sent = ✅ Вашу відповідь передано.
answer-more = ✍️ Додати ще відповідь
answer-not-allowed = З цього чату не можна відповідати щодо цього повідомлення. Спершу відкрийте його через /status (код і квитанція).
answer-case-closed = У цій справі вже ухвалено рішення.
answer-wrong-kind = Відповідайте, будь ласка, текстом, фото чи документом.
answer-file-metadata = ⚠️ Такий тип файлу може містити приховані дані про вас (автора, пристрій, місце). Надішліть натомість фото чи знімок екрана або опишіть текстом.

## Повідомлення викривачу

notice-reporter-received =
    📬 Ваше повідомлення <code>{ $code }</code> прийнято до розгляду.
    За законом відповідь надається до <b>{ $date }</b>
notice-reporter-extended =
    ⏳ Строк розгляду вашого повідомлення <code>{ $code }</code> продовжено, як дозволяє закон.
    Новий строк — до <b>{ $date }</b>
notice-reporter-question =
    ❓ Посадовець, який розглядає повідомлення <code>{ $code }</code>, запитує:

    { $question }

    Натисніть «Відповісти». Ваше ім'я не передається.
notice-reporter-decided =
    📄 <b>Рішення за вашим повідомленням <code>{ $code }</code>:</b> { $outcome }
    { $referred }
    { $summary }
notice-reporter-referred = Матеріали передано до: { $body }.
outcome-substantiated = факти підтвердилися
outcome-not_substantiated = факти не підтвердилися
outcome-referred = передано до компетентного органу
outcome-no_grounds = залишено без розгляду (немає фактів, які можна перевірити)
body-nabu = Національне антикорупційне бюро (НАБУ)
body-sbi = Державне бюро розслідувань (ДБР)
body-nazk = Національне агентство з питань запобігання корупції (НАЗК)
body-police = Національна поліція

## Посадовці: приєднання

invite-welcome = Вітаємо, { $name }! Вас зареєстровано як { $role } ({ $unit }). Нові справи надходитимуть сюди. Ваші справи: /queue
invite-unknown = Це запрошення недійсне. Попросіть адміністратора про нове.
invite-used = Це запрошення вже використано. Попросіть адміністратора про нове.
invite-expired = Строк дії запрошення минув. Попросіть адміністратора про нове.
invite-already-officer = Цей акаунт Telegram уже зареєстровано як посадовця.
role-reviewer = посадовця, що розглядає справи
role-supervisor = керівника групи
role-head = керівника підрозділу
role-admin = адміністратора
officer-only = Це лише для посадовців.

## Посадовці: черга і картка справи

queue-title = <b>Відкриті справи: { $count }</b> (прострочені: { $overdue }) — сторінка { $page }/{ $pages }
queue-empty = Відкритих справ немає. 🎉
queue-item = { $overdue ->
        [yes] ⚠️
       *[no] 📁
    } { $code } · { $phase } · до { $date }
queue-prev = ⬅️ Назад
queue-next = Далі ➡️
card-title = 📁 <b>Справа { $code }</b>
card-unit = { $unit } · { $category }
card-received = Отримано: { $date }
card-due = Строк: <b>{ $date }</b> (з продовженням: { $final })
card-due-extended = Строк (продовжено): <b>{ $date }</b> (спершу { $original })
card-phase = Етап: { $phase }
card-overdue-mark = ⚠️ прострочено
card-assignee = Відповідальний: { $name }
card-counts = Файлів: { $files } · Повідомлень із викривачем: { $messages }
card-outcome = Результат: { $outcome }
card-referred = Передано до: { $body }
phase-unassigned = очікує на посадовця
phase-awaiting_acceptance = очікує на прийняття
phase-in_review = розглядається
phase-extended = розглядається (продовжено)
phase-overdue = прострочено
phase-decided = рішення ухвалено
phase-short-unassigned = без виконавця
phase-short-awaiting_acceptance = прийняти
phase-short-in_review = розгляд
phase-short-extended = продовжено
phase-short-overdue = прострочено
phase-short-decided = вирішено
content-header = 📄 <b>Повідомлення { $code }</b>
content-description = ▪️ Що сталося:
content-when-where = ▪️ Коли і де:
content-people = ▪️ Причетні:
content-question = ❓ Запитання викривачу:
content-answer = 💬 Відповідь викривача:
content-files-only = (лише файли)
evidence-caption = Доказ { $n }/{ $total } · { $code }
reply-file-caption = Файл від викривача · { $code }
button-accept = ✅ Прийняти
button-decline = ↩️ Відмовитися (конфлікт інтересів)
button-requestInfo = ❓ Запитати викривача
button-extend = ⏳ Продовжити до 30 днів
button-decide = ⚖️ Ухвалити рішення
button-reassign = 🔁 Перепризначити
button-refresh = 🔄 Оновити
button-files = 📎 Докази ({ $n })
button-back = ⬅️ До справи
button-confirm-decision = ✅ Підтвердити рішення
reassign-auto = 🤖 Найменш завантажений
reassign-to = { $name } (відкритих: { $open })

## Посадовці: дії в кілька кроків

officer-ask-decline = Справа <code>{ $code }</code>: опишіть конфлікт інтересів (чому ви не можете її розглядати). Це побачить керівник.
officer-ask-extend = Справа <code>{ $code }</code>: чому потрібно більше часу? Причину буде збережено у справі.
officer-ask-question = Справа <code>{ $code }</code>: напишіть запитання викривачу. Його буде передано анонімно.
officer-ask-summary = Справа <code>{ $code }</code>: напишіть підсумок, який викривач отримає разом із рішенням.
officer-choose-outcome = Справа <code>{ $code }</code>: оберіть результат.
officer-choose-body = До якого компетентного органу передано справу?
officer-choose-reviewer = Справа <code>{ $code }</code>: хто має її розглядати?
officer-confirm-decision =
    <b>Підтвердіть рішення у справі <code>{ $code }</code></b>
    Результат: { $outcome }
    Передано до: { $body }
    Підсумок для викривача:
    { $summary }
officer-text-only = Відповідайте, будь ласка, текстом.
officer-text-length = Напишіть від { $min } до { $max } символів.
action-done-accept = Прийнято. Строк — { $date }
action-done-decline = Ви відмовилися. Справу передано іншому посадовцю.
action-done-extend = Продовжено до { $date }. Викривача повідомлено.
action-done-requestInfo = Ваше запитання передано.
action-done-decide = Рішення зафіксовано; викривача повідомлено.
action-done-reassign = Перепризначено.

## Посадовці: відмови

rejection-generic = Ця дія зараз неможлива.
rejection-not-assigned = Справу призначено іншому посадовцю.
rejection-not-permitted = Ваша роль не дозволяє цієї дії.
rejection-other-unit = Справа належить іншому підрозділу.
rejection-already-accepted = Справу вже прийнято.
rejection-not-accepted-yet = Спершу прийміть справу.
rejection-already-extended = Справу вже продовжували; закон не дозволяє більше.
rejection-past-final-due = Кінцевий строк минув; продовжити вже не можна.
rejection-already-decided = У цій справі вже ухвалено рішення.
rejection-missing-reason = Потрібно вказати причину.
rejection-missing-summary = Потрібен підсумок для викривача.
rejection-missing-question = Запитання порожнє.
rejection-missing-competent-body = Оберіть орган, до якого передано справу.
rejection-unexpected-competent-body = Компетентний орган зазначають лише при передачі справи.
rejection-unknown-outcome = Невідомий результат.
rejection-same-officer = Справу вже призначено цьому посадовцю.
rejection-no-assignee = Справу ще нікому не призначено.
rejection-target-not-eligible = Цей посадовець не може взяти справу (не активний виконавець цього підрозділу).
rejection-case-closed = Справу закрито.
rejection-not-confirmed = Не підтверджено: система зайнята. Перевірте справу за хвилину, перш ніж натискати знову.
rejection-forged = Ця кнопка недійсна.
rejection-stale = Ця кнопка застаріла. Картку справи оновлено.
rejection-not-an-officer = Ця кнопка лише для посадовців.
rejection-not-your-case = Це не ваша справа.

## Повідомлення посадовцям (заголовки картки справи)

notice-officer-assigned = 📥 Нова справа для вас: { $code }. Прийміть її або відмовтеся якнайшвидше: якщо її не приймуть вчасно, її передадуть іншому посадовцю.
notice-officer-case-moved-away = Справу { $code } передано іншому посадовцю.
notice-officer-reminder = ⏰ Нагадування: строк справи { $code } — { $date }
notice-officer-decide-or-extend = ⏰ Сьогодні спливає строк розгляду справи { $code }. Ухваліть рішення або продовжте строк із зазначенням причини.
notice-officer-auto-extended = ⏳ Справу { $code } автоматично продовжено до { $date }; викривача і керівника повідомлено.
notice-officer-escalated-overdue = 🚨 Справу { $code } прострочено (кінцевий строк минув). Керівника підрозділу повідомлено.
notice-officer-overdue-repeat = 🚨 Справа { $code } досі прострочена. Потрібне рішення.
notice-officer-reporter-replied = 💬 Викривач відповів у справі { $code }.
notice-officer-decided-by-lead = У справі { $code } рішення ухвалив керівник.
notice-officer-nobody-available = ⚠️ Справа { $code }: немає вільного посадовця. Перепризначте її, будь ласка.
notice-officer-officer-declined = ↩️ { $name } відмовився від справи { $code } (конфлікт інтересів). Її передано наступному посадовцю.
notice-officer-officer-no-answer = ⌛ { $name } не прийняв справу { $code } вчасно. Її передано наступному посадовцю.
notice-officer-escalated-auto-extended = ⚠️ Строк розгляду справи { $code } минув без рішення; її автоматично продовжено до { $date }
notice-officer-reply-text = 💬 Відповідь викривача у справі <code>{ $code }</code>:

    { $text }
notice-officer-decline-reason = Причина відмови { $name } від справи <code>{ $code }</code>: { $reason }
