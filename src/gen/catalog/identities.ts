/**
 * Word lists for accounts, devices and documents. Account names never equal a folder name the T1204
 * rule looks for (`downloads`, `desktop`, `public` …): a user called "public" would put
 * `C:\Users\public\` into every FolderPath of that user's per-user apps.
 */

export const DOMAIN = 'contoso';
export const UPN_SUFFIX = 'contoso.com';
export const DNS_SUFFIX = 'corp.contoso.com';

export const FIRST_NAMES = [
  'james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda', 'william', 'elizabeth', 'david', 'barbara',
  'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'charles', 'karen', 'christopher', 'lisa', 'daniel', 'nancy',
  'matthew', 'betty', 'anthony', 'margaret', 'mark', 'sandra', 'donald', 'ashley', 'steven', 'kimberly', 'paul', 'emily',
  'andrew', 'donna', 'joshua', 'michelle', 'kenneth', 'carol', 'kevin', 'amanda', 'brian', 'dorothy', 'george', 'melissa',
  'timothy', 'deborah', 'ronald', 'stephanie', 'edward', 'rebecca', 'jason', 'sharon', 'jeffrey', 'laura', 'ryan', 'cynthia',
  'jacob', 'kathleen', 'gary', 'amy', 'nicholas', 'angela', 'eric', 'shirley', 'jonathan', 'anna', 'stephen', 'brenda',
  'larry', 'pamela', 'justin', 'emma', 'scott', 'nicole', 'brandon', 'helen', 'benjamin', 'samantha', 'samuel', 'katherine',
  'priya', 'arjun', 'wei', 'mei', 'hiroshi', 'yuki', 'olga', 'ivan', 'fatima', 'omar', 'chen', 'ana', 'lucas', 'sofia',
  'mateo', 'lena', 'jonas', 'elif', 'mehmet', 'aisha', 'kwame', 'zanele', 'sven', 'ingrid', 'pierre', 'camille', 'giulia',
  'marco', 'jakub', 'zofia', 'nguyen', 'linh', 'raj', 'ananya', 'diego', 'valentina',
];

export const LAST_NAMES = [
  'smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez', 'hernandez',
  'lopez', 'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin', 'lee', 'perez', 'thompson',
  'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis', 'robinson', 'walker', 'young', 'allen', 'king', 'wright',
  'scott', 'torres', 'nguyen', 'hill', 'flores', 'green', 'adams', 'nelson', 'baker', 'hall', 'rivera', 'campbell',
  'mitchell', 'carter', 'roberts', 'gomez', 'phillips', 'evans', 'turner', 'diaz', 'parker', 'cruz', 'edwards', 'collins',
  'reyes', 'stewart', 'morris', 'morales', 'murphy', 'cook', 'rogers', 'gutierrez', 'ortiz', 'morgan', 'cooper', 'peterson',
  'bailey', 'reed', 'kelly', 'howard', 'ramos', 'kim', 'cox', 'ward', 'richardson', 'watson', 'brooks', 'chavez', 'wood',
  'james', 'bennett', 'gray', 'mendoza', 'ruiz', 'hughes', 'price', 'alvarez', 'castillo', 'sanders', 'patel', 'myers',
  'long', 'ross', 'foster', 'jimenez', 'kowalski', 'novak', 'schmidt', 'muller', 'weber', 'fischer', 'dubois', 'moreau',
  'rossi', 'russo', 'tanaka', 'suzuki', 'sato', 'wang', 'zhang', 'liu', 'chen', 'singh', 'kumar', 'sharma', 'okafor',
  'mensah', 'dlamini', 'haddad', 'yilmaz', 'kaya', 'ivanova', 'petrov', 'andersen', 'nilsson', 'larsen', 'silva', 'santos',
];

/** Folder names under C:\Users\ (or elsewhere) that the rule's path needles contain; never an account name. */
export const FORBIDDEN_ACCOUNT_NAMES = ['downloads', 'desktop', 'public', 'users', 'appdata', 'temp', 'roaming', 'local'];

/** Workstation name shapes; `#` is a random digit, `@` a random letter or digit. */
export const DEVICE_PATTERNS = ['desktop-@@@@@@@', 'laptop-@@@@@@@@', 'wks-####', 'nyc-wks-####', 'lon-lt-####', 'sea-wks-###', 'ber-lt-####', 'sgp-wks-###'];
/** Server roles; a fleet is about 8% servers. */
export const SERVER_ROLES = ['sql', 'file', 'app', 'web', 'print', 'rds', 'dc', 'ca', 'wsus', 'sccm', 'backup', 'jump'];

export const DOCS = [
  'Q3 forecast', 'Q4 budget review', 'Invoice 2024-0193', 'Board minutes', 'Team offsite agenda', 'Expense report',
  'Project Falcon status', 'Sales pipeline', 'Customer list EMEA', 'Onboarding checklist', 'Vendor contract', 'Timesheet',
  'Release notes', 'Architecture overview', 'Meeting notes', 'Purchase order 44812', 'Payroll summary', 'Travel itinerary',
  'Marketing plan 2024', 'Risk register', 'Incident postmortem', 'Inventory count', 'Price list', 'Training schedule',
  'Audit findings', 'Roadmap', 'Benefits overview', 'Shipping manifest', 'Quarterly report', 'Policy update',
  'Recruiting plan', 'Product brief', 'NDA', 'Statement of work', 'Capacity plan', 'Budget 2025 draft',
];
