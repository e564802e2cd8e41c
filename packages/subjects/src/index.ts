export {
  describeSubject,
  findSubjects,
  type SubjectDescription,
  type SubjectSearch,
  subjectDescription,
  subjectSearch,
} from './subject-directory';
