import { call, expectStatus, note, poll, step } from './demo-http';

const WAIT = { Prefer: 'wait=15' };

interface Account {
  accountId: string;
  balance: number;
}

/** The accounts the demo's orders are paid from and into. */
export interface DemoAccounts {
  readonly shop: string;
  readonly ada: string;
  readonly alan: string;
  readonly grace: string;
}

/**
 * Opens the accounts the orders are paid with: the shop's (kept across runs on the same stack),
 * and one each for Ada, Alan and Grace, with money deposited (the only way money enters). Grace is
 * not a customer yet: her account's owner is the id the client will create her under.
 */
export async function openAccounts(
  payments: string,
  owners: { ada: string; alan: string; grace: string },
): Promise<DemoAccounts> {
  step(
    '9. Payments: the shop, Ada, Alan and Grace (a customer-to-be, by the id the client chose for her) get accounts; deposits bring money in (minor units, EUR)',
  );
  const shops = await call<{ items: Account[] }>('GET', `${payments}/accounts?owner=shop`);
  const shop = shops.body.items[0]?.accountId ?? (await open(payments, 'shop'));
  const accounts = {
    shop,
    ada: await open(payments, owners.ada),
    alan: await open(payments, owners.alan),
    grace: await open(payments, owners.grace),
  };
  await deposit(payments, accounts.ada, 20_000);
  await deposit(payments, accounts.alan, 3_000);
  await deposit(payments, accounts.grace, 5_000);
  return accounts;
}

/** Reads an account's confirmed balance, printed. */
export async function balanceOf(payments: string, accountId: string): Promise<number> {
  return (await call<Account>('GET', `${payments}/accounts/${accountId}`)).body.balance;
}

/** Waits until no payment is under way, and shows that money was conserved. */
export async function moneyConserved(payments: string): Promise<void> {
  step('20. Money is conserved: confirmed balances + money in flight = deposits, none in flight');
  const totals = await poll<{ conserved: boolean; inFlight: number; openPayments: number }>(
    `${payments}/balances`,
    (body) => body.openPayments === 0,
    'no payment is under way',
  );
  if (!totals.conserved || totals.inFlight !== 0)
    throw new Error(`money is not conserved: ${JSON.stringify(totals)}`);
}

async function open(payments: string, owner: string): Promise<string> {
  const opened = await call<Account>(
    'POST',
    `${payments}/accounts`,
    { owner, currency: 'EUR' },
    WAIT,
  );
  expectStatus(opened, 201);
  return opened.body.accountId;
}

async function deposit(payments: string, accountId: string, amount: number): Promise<void> {
  const deposited = await call<Account>(
    'POST',
    `${payments}/accounts/${accountId}/deposits`,
    { amount },
    WAIT,
  );
  expectStatus(deposited, 201);
  note(`balance ${deposited.body.balance}`);
}
