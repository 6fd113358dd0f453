/**
 * Words employees use for workplace topics, grouped with the words policies use for the
 * same thing. Each line is one group of equivalent expressions (the Solr synonym format a
 * company's own file uses too). It covers leave, pay, benefits, devices, security, travel
 * and HR processes in general terms, not any one company's documents. A heading names the
 * kind of the groups below it: groups of one kind are alternatives to each other (dental,
 * vision), which is how a follow-up ("and vision?") knows what it replaces.
 */
export const WORKPLACE_THESAURUS = `
# Leave and time off
pto, paid time off, time off, vacation, holiday, annual leave, days off, leave
take a day off, take time off, book a day off, book time off, book leave, book holiday, request leave, request time off, ask for time off
sick, ill, illness, unwell, sick leave, sick day
doctor's note, doctor note, gp note, medical certificate, sick note, medical note, note from a doctor, note from a gp, note from a physician
maternity, paternity, maternity leave, paternity leave, parental leave, baby, newborn, birth, giving birth, is born, due, pregnant, pregnancy, adoption
surgery, operation, hospital, medical leave, medical condition, recovery, illness, injury
caregiver, caring for, look after, looking after, family member, sick relative, family leave, caregiving
bereavement, funeral, death in the family, passed away, compassionate leave, grief
jury duty, jury service, court summons, civic duty
come back, coming back, get back, return, returning, return to work, back to work
bank holiday, public holiday, national holiday, statutory holiday, holidays
month off, whole month off, weeks off, month of vacation => extended time off, extended leave, long vacation, long holiday, consecutive days

# Family
spouse, partner, wife, husband, domestic partner, significant other
family member, immediate family, relative, relatives, mom, mum, mother, dad, father, parent, sibling, brother, sister, grandparent
child, children, kid, kids, son, daughter, dependent, dependents
married, got married, getting married, marriage, wedding, newlywed
non-birthing, non-birthing parent, non-birthing caregiver, partner is giving birth, partner is the one giving birth, partner gave birth, partner is pregnant, wife is pregnant, secondary caregiver

# Care
doctor, gp, general practitioner, physician, medical professional, medical provider, healthcare provider

# Pay and compensation
salary, pay, wage, wages, compensation, earnings, remuneration, paycheck, payslip, payroll
payday, pay day, pay date, get paid, paid on, payroll date
raise, pay rise, pay bump, pay increase, salary increase, salary review, merit increase, compensation review, adjustment
bonus, incentive, variable pay, commission
stock, stock options, options, equity, shares, rsu, vesting, vested, unvested
pay band, salary band, pay range, compensation band, level
cost of living, more expensive, pricier, higher cost of living, location factor, geographic, zone, location-based pay
reimburse, reimbursement, expense, expenses, expense claim, pay back, refund, pay for, pays for, paid for, pay toward, cover the cost, covers the cost, chip in, company money, company card, stipend, allowance, budget, perk
receipt, receipts, proof of purchase, invoice

# Benefits
health insurance, medical insurance, medical plan, health plan, health coverage, insurance, benefits, coverage
dental, dentist, teeth, dental insurance
vision, eye care, eye exam, eye test, eyeglasses, glasses, contact lenses, optician, optometrist, vision insurance
therapy, therapist, counseling, counselling, counselor, mental health, psychologist, psychiatrist, wellbeing, well-being, emotional support
burnout, burnt out, burned out, burn out, stressed out, overwhelmed, exhausted, stress => burnout, stress, mental health, wellbeing
gym, fitness, workout, exercise, wellness, sports, yoga, gym membership, fitness membership, gym pass, gym fees
fertility, infertility, ivf, trying to conceive, trying for a baby, trying for a child, egg freezing, surrogacy, family planning, family building, family-forming, family forming
childcare, child care, babysitter, babysitting, nanny, daycare, dependent care, dependents
retirement, pension, 401k, 401(k), retirement plan, savings plan
life insurance, death benefit
cobra, continuation coverage, coverage after leaving
cycle to work, bike to work, cycling to work, bicycle, bike, e-bike, cycling
commuting, commute, transit, public transport, season ticket, travel to work

# Work arrangements
side hustle, side gig, side job, second job, moonlighting, freelance, freelancing, outside employment, outside work, other employment
remote, work from home, wfh, working remotely, home office, distributed
coworking, co-working, wework, shared office, office space, coworking membership, co-working membership, wework membership, coworking space membership
relocate, relocation, move, moving, moving abroad, move countries, change country, new country
travel abroad, work abroad, working abroad, work from another country, nomad, digital nomad, working while traveling
visa, work permit, immigration, sponsorship, sponsor, green card, work authorization, right to work
desk, chair, monitor, home office setup, desk setup, office equipment, workstation, equipment
internet, wifi, broadband, home internet, connectivity
phone, mobile, cell phone, cellphone, mobile phone, phone plan

# Joining and leaving
new hire, new joiner, onboarding, first day, starting, joining, new teammate
buddy, mentor, onboarding buddy, peer mentor
quit, quitting, resign, resignation, leave the company, leaving, notice, notice period, hand in my notice, departure, offboarding
let go, laid off, layoff, fired, dismissed, termination, terminated, involuntary, redundancy, made redundant
background check, criminal record, criminal history, screening, pre-employment check, reference check
proof of employment, proof that i work here, proof i work here, confirm that i work here, employment verification, verify employment, verification of employment, employment letter, letter of employment
landlord, lease, tenancy, apartment, mortgage, home loan, housing
name change, change my name, changed my name, last name, new last name, surname, legal name, married name, maiden name

# Performance and growth
performance review, appraisal, performance appraisal, evaluation, performance evaluation, feedback cycle, performance cycle, review cycle, performance rating
promotion, promoted, level up, career growth, career ladder, career path
training, learning, course, courses, education, conference, professional development, learning budget, upskilling

# Teams
engineer, engineers, engineering, developer, developers, software engineer
sales, salespeople, salesperson, account executive, account executives, sales team
designer, designers, design team
marketing, marketer, marketing team
product manager, product managers, product team, product management
customer support, support team, support engineer, customer success
finance, accounting, accountant, finance team
legal, lawyer, legal team, counsel
people team, hr, human resources, people ops, people operations

# Roles
manager, boss, supervisor, lead, line manager, team lead, reports to
executive, executives, leadership, leadership team
contractor, contractors, freelancer, consultant
employee, employees, full-time, full time, staff, teammate, teammates
intern, interns, internship

# Per person
per person, per employee, per teammate, per head, each employee, each teammate

# Conduct and safety
harassment, creepy, inappropriate, unwanted, bullying, discrimination, hostile, misconduct, abuse, inappropriate comments
report, complain, complaint, raise a concern, speak up, tell, tell someone, whistleblow, whistleblowing, hotline
accommodation, disability, disabled, adjustment, reasonable accommodation, accessibility
conflict of interest, competitor, competing business

# Devices and IT
laptop, computer, notebook, macbook, work computer, device, machine, hardware
lost, lose, losing, stolen, misplaced, left behind, missing, cannot find
password, passcode, passphrase, credentials, login, log in, sign in, reset
screen lock, auto-lock, auto lock, lock screen, screensaver, idle timeout, inactivity
monitoring, monitor, spying, spy, track, tracking, surveillance, privacy, browsing history, watch, see what i browse, see what i do, browse, browsing, read my messages, see my messages, read my slack, see my slack, read my email, see my email
retention, retain, retained, kept, keep records, stored, storage, deleted, deletion, purged, archived, data retention
slack messages, slack message, slack history, slack chats, slack dms, slack threads => slack, slack data
phishing, spoofing, scam, suspicious email, dodgy email, fake email, spam, social engineering
security incident, breach, compromised, hacked, incident, leak
two-factor, 2fa, mfa, multi-factor, security key, yubikey, authenticator
software, app, application, tool, install, licence, license, subscription
membership, membership fee, subscription fee, dues
vpn, remote access
refresh, replacement, upgrade, new laptop, hardware refresh, laptop refresh
buyback, buy back, purchase my laptop

# Travel and spending
travel, trip, business trip, work trip, offsite, team trip, travelling, traveling
flight, fly, flights, airfare, plane
train, train ticket, rail, railway, rail ticket
fly, flight, flights, flying => travel
business class, first class, premium economy, economy, economy class, cabin class, higher tier, upgrade
hotel, lodging, accommodation, stay, airbnb
per diem, per diems, daily allowance, meal allowance, subsistence allowance
meal, meals, food, dinner, lunch, breakfast, meal allowance
taxi, cab, uber, lyft, rideshare, ride share, car service
car, rental car, car rental, mileage, driving
book, booking, reserve, reservation
limit, cap, capped, maximum, max, ceiling, spending limit, spend limit, how much can i spend

# Where
where i live, local, locally, country of residence, my country, your country, home country, regional

# Checking
look into, check, verify, investigate, look up

# Chat shorthand
yr, yrs => year
mo, mos => month
wk, wks => week
mgr, mgrs => manager
dept, depts => department
mat leave => maternity leave
pat leave => paternity leave
reimb => reimbursement

# By when
deadline, deadlines, due date, cutoff, cut-off date, time limit, submission window

# How long
last, lasts, duration, length, remain active, remains active, stay active, remain in effect, continue, end, ends, expire, expires, terminate, stop

# How much more
extra, additional, further, on top, top-up

# How often
daily, per day, a day, each day, every day
weekly, per week, a week, each week, every week
monthly, per month, a month, each month, every month
annually, annual, yearly, per year, a year, each year, every year
quarterly, per quarter, each quarter, every quarter

# Company and people
holiday gift, gift, anniversary, work anniversary, celebration, swag, merch, merchandise
welcome kit, new hire kit, swag, welcome pack
contact, reach, email, who do i ask, who should i talk to, get in touch
`;

/**
 * What a policy says to cover every member of a kind it does not list ("All other
 * departments: 4 years"): a question naming one member is partly answered there.
 */
export const CATCH_ALLS: Readonly<Record<string, readonly string[]>> = {
  Teams: ['other departments', 'other teams', 'other functions', 'everyone else'],
  'noun.location': ['other countries', 'other locations', 'other regions', 'rest of the world'],
};
