export {
  header,
  type Mailbox,
  type ReceivedMessage,
  readMailbox,
  type StoredMessage,
  startMailbox,
  waitForMessages,
} from './mailbox';
