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
  linkAsCoordinator,
  linkSubjectReferences,
  matchAcrossAgencies,
  pendingMatches,
  type SubjectLink,
  SubjectLinkRefused,
  subjectLink,
} from './subject-links';
