// A fresh fixture instance per test: fixtures keep their mocks and fakes in fields.
[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
