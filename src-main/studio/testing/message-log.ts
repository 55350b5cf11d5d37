/**
 * Messages as a test receives them, and a promise for the first one that matches. Tests wait on the
 * arrival itself, never on a polling clock: on a busy machine a message comes late, not never, and a
 * wait on the event holds however late it comes.
 */
export class MessageLog<M> {
  readonly messages: M[] = [];
  private readonly waiters = new Set<{ matches: (m: M) => boolean; found: (m: M) => void }>();

  push(message: M): void {
    this.messages.push(message);
    for (const waiter of [...this.waiters]) {
      if (!waiter.matches(message)) continue;
      this.waiters.delete(waiter);
      waiter.found(message);
    }
  }

  /**
   * The first message so far that matches, or the next one to arrive. `giveUpMs` is only a safety net
   * so a broken build fails with the messages seen instead of the runner's bare timeout; it is far
   * longer than any wait it guards and never what the test synchronises on.
   */
  next(matches: (m: M) => boolean, giveUpMs = 20_000): Promise<M> {
    const seen = this.messages.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<M>((resolve, reject) => {
      const waiter = {
        matches,
        found: (m: M) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching message; got ${JSON.stringify(this.messages).slice(0, 500)}`));
      }, giveUpMs);
      this.waiters.add(waiter);
    });
  }
}
