export {
  anonymous,
  type Caller,
  describeCaller,
  type Policy,
  policies,
  refusal,
  type StaffRole,
  satisfies,
  staffRoles,
} from './caller';
