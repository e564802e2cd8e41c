/** The ceiling's workflow: does nothing, so its rate is the Temporal server's alone. */
export async function benchTrivialWorkflow(): Promise<void> {}
