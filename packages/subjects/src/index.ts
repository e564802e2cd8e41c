export {
  describeSubject,
  findSubjects,
  type SubjectDescription,
  type SubjectSearch,
  subjectDescription,
  subjectSearch,
} from './subject-directory';
export {
  decideMatch,
  linkSubjectReferences,
  matchAcrossAgencies,
  pendingMatches,
  type SubjectLink,
  SubjectLinkRefused,
  subjectLink,
} from './subject-links';
