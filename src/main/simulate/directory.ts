/**
 * Generator of a realistic directory for `scimdesk simulate`: people with names, work e-mail
 * addresses, departments, titles and employee numbers, and groups that follow ScimDesk's naming
 * convention (`app-<slug>-<workspace>-<role>`) besides department groups.
 */

import { pick, seededRandom } from './random.ts';

/** A generated person. */
export interface DirectoryUser {
  /** Position in the directory, from 0; employee numbers derive from it. */
  index: number;
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  department: string;
  title: string;
}

/** A generated group with the indexes of its members in the user list. */
export interface DirectoryGroup {
  name: string;
  memberIndexes: number[];
}

export interface Directory {
  users: DirectoryUser[];
  groups: DirectoryGroup[];
}

export interface DirectoryOptions {
  users: number;
  groups: number;
  seed: number;
  /** E-mail domain, such as example.com. */
  domain: string;
  /** Slug of the naming convention, the `<slug>` in app-<slug>-…. */
  slug: string;
  /** Workspace slugs for convention groups, such as data-science. */
  workspaces: string[];
}

const GIVEN_NAMES = [
  'Ada', 'Grace', 'Alan', 'Katherine', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Margaret', 'Ken', 'Radia',
  'Linus', 'Hedy', 'Tim', 'Shafi', 'Leslie', 'Anita', 'Niklaus', 'Karen', 'Dennis', 'Sophie', 'Bjarne', 'Mary',
  'Guido', 'Jean', 'Whitfield', 'Lynn', 'Vint', 'Ellen', 'Yukihiro', 'Adele', 'James', 'Evelyn', 'Robin', 'Carla',
  'Amir', 'Priya', 'Chen', 'Fatima', 'Mateo', 'Ingrid', 'Kwame', 'Olga', 'Hiroshi', 'Aisha', 'Lars', 'Lucia',
];
const FAMILY_NAMES = [
  'Lovelace', 'Hopper', 'Turing', 'Johnson', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'McCarthy', 'Hamilton', 'Thompson',
  'Perlman', 'Torvalds', 'Lamarr', 'Berners-Lee', 'Goldwasser', 'Lamport', 'Borg', 'Wirth', 'Sparck Jones', 'Ritchie',
  'Wilson', 'Stroustrup', 'Keller', 'van Rossum', 'Sammet', 'Diffie', 'Conway', 'Cerf', 'Ochoa', 'Matsumoto',
  'Goldberg', 'Gosling', 'Boole', 'Milner', 'Meyer', 'Haddad', 'Raman', 'Wei', 'Nasser', 'Silva', 'Larsen', 'Mensah',
  'Ivanova', 'Sato', 'Okafor', 'Nilsson', 'Romero',
];
const DEPARTMENTS: Record<string, string[]> = {
  Engineering: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager'],
  'Data Science': ['Data Scientist', 'Research Engineer', 'Machine Learning Engineer', 'Analytics Lead'],
  Sales: ['Account Executive', 'Sales Engineer', 'Sales Manager'],
  Marketing: ['Marketing Manager', 'Content Strategist', 'Product Marketing Manager'],
  Finance: ['Accountant', 'Financial Analyst', 'Controller'],
  Support: ['Support Engineer', 'Customer Success Manager'],
  Operations: ['Operations Manager', 'IT Administrator', 'Security Engineer'],
  People: ['Recruiter', 'People Partner'],
};
const WORKSPACE_ROLES = ['viewer', 'editor', 'admin'] as const;
/** Share of users in the organization admin group. */
const ORGANIZATION_ADMIN_SHARE = 0.01;

/** Generates the same directory for the same options. */
export function generateDirectory(options: DirectoryOptions): Directory {
  const random = seededRandom(options.seed);
  const users = generateUsers(options, random);
  const groups = generateGroups(options, users, random);
  return { users, groups };
}

function generateUsers(options: DirectoryOptions, random: () => number): DirectoryUser[] {
  const emailCounts = new Map<string, number>();
  const departments = Object.keys(DEPARTMENTS);
  const users: DirectoryUser[] = [];
  for (let index = 0; index < options.users; index += 1) {
    const givenName = pick(random, GIVEN_NAMES);
    const familyName = pick(random, FAMILY_NAMES);
    const local = `${givenName}.${familyName}`.toLowerCase().replace(/[^a-z.]/g, '');
    const seen = emailCounts.get(local) ?? 0;
    emailCounts.set(local, seen + 1);
    const email = `${seen === 0 ? local : `${local}${seen + 1}`}@${options.domain}`;
    const department = pick(random, departments);
    users.push({
      index,
      userName: email,
      givenName,
      familyName,
      displayName: `${givenName} ${familyName}`,
      email,
      department,
      title: pick(random, DEPARTMENTS[department] ?? ['Employee']),
    });
  }
  return users;
}

/**
 * Builds up to `options.groups` groups: the organization admin group, the convention groups of
 * each workspace and role, then one group per department. Members follow the department: a
 * department with a workspace of the same slug gets its editor group, the others its viewer group.
 */
function generateGroups(options: DirectoryOptions, users: DirectoryUser[], random: () => number): DirectoryGroup[] {
  const slugOf = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const candidates: DirectoryGroup[] = [
    { name: `app-${options.slug}-organization-admin`, memberIndexes: users.filter(() => random() < ORGANIZATION_ADMIN_SHARE).map((user) => user.index) },
  ];
  for (const workspace of options.workspaces) {
    for (const role of WORKSPACE_ROLES) {
      const members = users.filter((user) => {
        const ownDepartment = slugOf(user.department) === workspace;
        if (role === 'editor') return ownDepartment;
        if (role === 'viewer') return !ownDepartment && random() < 0.2;
        return ownDepartment && user.title.includes('Manager');
      });
      candidates.push({ name: `app-${options.slug}-${workspace}-${role}`, memberIndexes: members.map((user) => user.index) });
    }
  }
  for (const department of Object.keys(DEPARTMENTS)) {
    const members = users.filter((user) => user.department === department).map((user) => user.index);
    candidates.push({ name: `dept-${slugOf(department)}`, memberIndexes: members });
  }
  for (let extra = 1; candidates.length < options.groups; extra += 1) {
    const members = users.filter(() => random() < 0.05).map((user) => user.index);
    candidates.push({ name: `project-${String(extra).padStart(3, '0')}`, memberIndexes: members });
  }
  return candidates.slice(0, options.groups);
}
